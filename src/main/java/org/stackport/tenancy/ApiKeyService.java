package org.stackport.tenancy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.Errors;
import org.stackport.shared.NotFoundException;
import org.stackport.tenancy.internal.ApiKey;
import org.stackport.tenancy.internal.ApiKeyRepository;
import org.stackport.tenancy.internal.AppUser;
import org.stackport.tenancy.internal.AppUserRepository;

/** API keys: a user manages their own, a tenant admin anyone's. The key is shown once and stored as a hash. */
@Service
@PreAuthorize("isAuthenticated()")
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final AppUserRepository users;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final Clock clock;

    ApiKeyService(ApiKeyRepository keys, AppUserRepository users, ProjectAccess access, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.users = users;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    public NewApiKey create(String username, String name, Instant expiresAt) {
        return audit.run("apikey.create", "user/" + username + "/api-keys/" + name, () -> {
            AppUser owner = ownerFor(username);
            Errors errors = new Errors();
            errors.name("name", name);
            if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
                errors.add("expiresAt", "must be in the future");
            }
            errors.throwIfAny();
            String key = ApiKeys.generate();
            ApiKey saved = keys.save(new ApiKey(null, owner.id(), name, ApiKeys.hash(key), ApiKeys.prefix(key),
                    clock.instant(), null, expiresAt, null));
            return new NewApiKey(saved.id(), name, key);
        });
    }

    /** The user's keys that are not revoked, newest first (expired ones included, marked by their date). */
    @Transactional(readOnly = true)
    public List<ApiKeyInfo> list(String username) {
        AppUser owner = ownerFor(username);
        return keys.activeForUser(owner.id()).stream()
                .map(k -> new ApiKeyInfo(k.id(), owner.username(), k.name(), k.keyPrefix(), k.createdAt(),
                        k.lastUsedAt(), k.expiresAt()))
                .toList();
    }

    public void revoke(String username, long id) {
        audit.run("apikey.revoke", "user/" + username + "/api-keys/" + id, () -> {
            AppUser owner = ownerFor(username);
            ApiKey key = keys.findById(id)
                    .filter(k -> k.userId() == owner.id() && k.revokedAt() == null)
                    .orElseThrow(() -> new NotFoundException("API key " + id + " of '" + username + "' not found."));
            keys.save(new ApiKey(key.id(), key.userId(), key.name(), key.keyHash(), key.keyPrefix(), key.createdAt(),
                    key.lastUsedAt(), key.expiresAt(), clock.instant()));
        });
    }

    private AppUser ownerFor(String username) {
        StackportPrincipal me = access.caller();
        if (!me.tenantAdmin() && !me.username().equals(username)) {
            throw new AccessDeniedException("You may only manage your own API keys.");
        }
        return users.findByUsername(username).filter(u -> u.tenantId() == me.tenantId())
                .orElseThrow(() -> new NotFoundException("User '" + username + "' not found."));
    }
}
