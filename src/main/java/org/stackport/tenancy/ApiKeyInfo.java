package org.stackport.tenancy;

import java.time.Instant;

/** An API key as listed: never the key itself, only its first characters. */
public record ApiKeyInfo(long id, String username, String name, String prefix, Instant createdAt, Instant lastUsedAt,
                         Instant expiresAt) {
}
