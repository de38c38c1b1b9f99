package org.stackport.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.security.AccountDirectory;
import org.stackport.security.StackportPrincipal;
import org.stackport.tenancy.internal.ApiKey;
import org.stackport.tenancy.internal.ApiKeyRepository;
import org.stackport.tenancy.internal.AppUser;
import org.stackport.tenancy.internal.AppUserRepository;

/** Answers the security module's questions about accounts, keys and sign-in attempts. */
@Component
class TenancyDirectory implements AccountDirectory {

    /** Last-used times are written at most this often per key, so API calls do not all write. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final AppUserRepository users;
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final Clock clock;

    TenancyDirectory(AppUserRepository users, ApiKeyRepository keys, AuditLog audit,
                     Clock clock) {
        this.users = users;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<LoginAccount> findLoginAccount(String username) {
        return users.findByUsername(username)
                .map(u -> new LoginAccount(u.id(), u.username(), u.passwordHash(), u.tenantAdmin()));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<StackportPrincipal> findPrincipal(String username) {
        return users.findByUsername(username).map(TenancyDirectory::principal);
    }

    @Override
    @Transactional
    public Optional<StackportPrincipal> authenticateApiKey(String rawKey) {
        Instant now = clock.instant();
        Optional<ApiKey> key = keys.findByKeyHash(ApiKeys.hash(rawKey))
                .filter(k -> k.revokedAt() == null)
                .filter(k -> k.expiresAt() == null || k.expiresAt().isAfter(now));
        key.filter(k -> k.lastUsedAt() == null || k.lastUsedAt().isBefore(now.minus(TOUCH_INTERVAL)))
                .ifPresent(k -> keys.touch(k.id(), now));
        return key.flatMap(k -> users.findById(k.userId())).map(TenancyDirectory::principal);
    }

    @Override
    public void loginLocked(String username, String address, Instant until) {
        audit.record(username, "login", "user/" + username, AuditLog.DENIED, "sign-ins from " + address
                + " refused until " + until + " after repeated failures");
    }

    private static StackportPrincipal principal(AppUser u) {
        return new StackportPrincipal(u.id(), u.tenantId(), u.username(), u.tenantAdmin());
    }
}
