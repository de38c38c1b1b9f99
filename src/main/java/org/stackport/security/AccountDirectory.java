package org.stackport.security;

import java.time.Instant;
import java.util.Optional;

/** What security needs to know about accounts; implemented by the tenancy module. */
public interface AccountDirectory {

    Optional<LoginAccount> findLoginAccount(String username);

    Optional<StackportPrincipal> findPrincipal(String username);

    /** The owner of an API key that is known, not revoked and not expired; records its use. */
    Optional<StackportPrincipal> authenticateApiKey(String rawKey);

    void loginFailed(String username);

    void loginSucceeded(String username);

    record LoginAccount(long userId, String username, String passwordHash, boolean tenantAdmin, Instant lockedUntil) {
    }
}
