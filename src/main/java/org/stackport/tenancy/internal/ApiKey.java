package org.stackport.tenancy.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;

/** An API key; only the SHA-256 of the key is stored. */
public record ApiKey(@Id Long id, long userId, String name, String keyHash, String keyPrefix, Instant createdAt,
                     Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
}
