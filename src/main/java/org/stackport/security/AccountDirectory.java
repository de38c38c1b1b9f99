package org.stackport.security;

import java.time.Instant;
import java.util.Optional;

/** What security needs to know about accounts; implemented by the tenancy module. */
public interface AccountDirectory {

    Optional<LoginAccount> findLoginAccount(String username);

    Optional<StackportPrincipal> findPrincipal(String username);

    /** The owner of an API key that is known, not revoked and not expired; records its use. */
    Optional<StackportPrincipal> authenticateApiKey(String rawKey);

    /** Sign-ins of this name from this address are refused until then (audited; the user may not exist). */
    void loginLocked(String username, String address, Instant until);

    record LoginAccount(long userId, String username, String passwordHash, boolean tenantAdmin) {
    }
}
