package org.stackport.simulator.internal;

import java.time.Instant;

/** A Keystone token: opaque id, scope and expiry. */
public record Token(String id, String userId, String userName, String projectId, String projectName, String domainId,
                    boolean admin, Instant issuedAt, Instant expiresAt, String method, String applicationCredentialId) {

    /** A token from a password. */
    public Token(String id, String userId, String userName, String projectId, String projectName, String domainId,
                 boolean admin, Instant issuedAt, Instant expiresAt) {
        this(id, userId, userName, projectId, projectName, domainId, admin, issuedAt, expiresAt, "password", null);
    }
}
