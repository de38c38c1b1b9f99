package org.stackport.tenancy.internal;

import java.time.Instant;

public record Membership(long userId, String role, Instant createdAt) {
}
