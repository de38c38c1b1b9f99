package org.stackport.tenancy;

import java.time.Instant;

public record ProjectSummary(String name, String description, Instant createdAt) {
}
