package org.stackport.profile;

import java.time.Instant;

/** A row of the profile list: the latest version and its layers in one line. */
public record ProfileSummary(String name, String version, String description, String layers, Instant updatedAt) {
}
