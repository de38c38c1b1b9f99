package org.stackport.tenancy.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

public record AppUser(@Id Long id, long tenantId, String username, String passwordHash, boolean tenantAdmin,
                      int failedLogins, Instant lockedUntil, Instant createdAt, @Version Integer version) {

    public static AppUser create(long tenantId, String username, String passwordHash, boolean tenantAdmin, Instant now) {
        return new AppUser(null, tenantId, username, passwordHash, tenantAdmin, 0, null, now, null);
    }
}
