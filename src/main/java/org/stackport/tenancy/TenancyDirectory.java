package org.stackport.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.security.AccountDirectory;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.StackportProperties;
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
    private final StackportProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    TenancyDirectory(AppUserRepository users, ApiKeyRepository keys, StackportProperties properties, AuditLog audit,
                     Clock clock) {
        this.users = users;
        this.keys = keys;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<LoginAccount> findLoginAccount(String username) {
        return users.findByUsername(username)
                .map(u -> new LoginAccount(u.id(), u.username(), u.passwordHash(), u.tenantAdmin(), u.lockedUntil()));
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
    @Transactional
    public void loginFailed(String username) {
        StackportProperties.Login login = properties.login();
        Optional<AppUser> before = users.findByUsername(username);
        if (before.isEmpty()) {
            return;
        }
        Instant lockUntil = clock.instant().plus(login.lockDuration());
        users.recordLoginFailure(username, login.maxFailures(), lockUntil);
        if (before.get().failedLogins() + 1 >= login.maxFailures()) {
            audit.record(username, "login", "user/" + username, AuditLog.DENIED,
                    "locked until " + lockUntil + " after " + login.maxFailures() + " failed sign-ins in a row");
        }
    }

    @Override
    @Transactional
    public void loginSucceeded(String username) {
        users.recordLoginSuccess(username);
    }

    private static StackportPrincipal principal(AppUser u) {
        return new StackportPrincipal(u.id(), u.tenantId(), u.username(), u.tenantAdmin());
    }
}
