package org.stackport.profile;

import java.time.Instant;

/** One version of a profile in its history: who made it, when, and its layers in one line. */
public record ProfileVersionInfo(String version, String description, String layers, String createdBy, Instant createdAt,
                                 boolean latest) {
}
