package org.stackport.tenancy;

import java.time.Instant;

/** A user as listed to tenant admins; never the password hash. */
public record UserSummary(String username, boolean tenantAdmin, Instant createdAt) {
}
