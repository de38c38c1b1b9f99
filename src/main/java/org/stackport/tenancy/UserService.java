package org.stackport.tenancy;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.security.ConsoleSessions;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.ConflictException;
import org.stackport.shared.Errors;
import org.stackport.shared.NotFoundException;
import org.stackport.tenancy.internal.AppUser;
import org.stackport.tenancy.internal.AppUserRepository;

/** Users of the tenant. Tenant admins manage them; everyone may change their own password. */
@Service
@PreAuthorize("isAuthenticated()")
public class UserService {

    static final Pattern USERNAME = Pattern.compile("^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$");

    private final AppUserRepository users;
    private final PasswordEncoder encoder;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final Clock clock;
    private final ConsoleSessions sessions;

    UserService(AppUserRepository users, PasswordEncoder encoder, ProjectAccess access, AuditLog audit, Clock clock,
                ConsoleSessions sessions) {
        this.sessions = sessions;
        this.users = users;
        this.encoder = encoder;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<UserSummary> list(int offset, int limit) {
        StackportPrincipal me = access.requireTenantAdmin();
        return users.page(me.tenantId(), offset, limit).stream().map(UserService::summary).toList();
    }

    @Transactional(readOnly = true)
    public long count() {
        return users.countInTenant(access.requireTenantAdmin().tenantId());
    }

    public UserSummary create(String username, String password, boolean tenantAdmin) {
        return audit.run("user.create", "user/" + username, () -> {
            StackportPrincipal me = access.requireTenantAdmin();
            Errors errors = new Errors();
            if (username == null || username.isBlank()) {
                errors.add("username", "is required");
            } else if (!USERNAME.matcher(username).matches()) {
                errors.add("username", "use 1-63 lower-case letters, digits, '.', '_' and '-', "
                        + "starting and ending with a letter or digit");
            } else if (users.existsByUsername(username)) {
                errors.taken("username", "a user named '" + username + "' already exists");
            }
            PasswordPolicy.check(errors, "password", password, username);
            errors.throwIfAny();
            return summary(users.save(AppUser.create(me.tenantId(), username, encoder.encode(password), tenantAdmin,
                    clock.instant())));
        });
    }

    public void delete(String username) {
        audit.run("user.delete", "user/" + username, () -> {
            StackportPrincipal me = access.requireTenantAdmin();
            AppUser user = find(me, username);
            if (user.id() == me.userId()) {
                throw new ConflictException("You cannot delete yourself; ask another tenant admin.");
            }
            if (user.tenantAdmin() && users.countTenantAdmins(me.tenantId()) <= 1) {
                throw new ConflictException("'" + username + "' is the last tenant admin; make another user admin first.");
            }
            users.delete(user);
        });
    }

    /**
     * Sets a new password: a user for themselves, giving the current one; a tenant admin for anyone else without it
     * (a reset). The user's other console sessions end, so whoever knew the old password is signed out.
     */
    public void setPassword(String username, String currentPassword, String newPassword) {
        audit.run("user.password", "user/" + username, () -> {
            StackportPrincipal me = access.caller();
            boolean own = me.username().equals(username);
            if (!me.tenantAdmin() && !own) {
                throw new AccessDeniedException("You may only change your own password.");
            }
            AppUser user = find(me, username);
            Errors errors = new Errors();
            // A stolen API key or an unattended console must not be enough to take the account over.
            if (own && (currentPassword == null || currentPassword.isEmpty())) {
                errors.add("currentPassword", "is required to change your own password");
            } else if (own && !encoder.matches(currentPassword, user.passwordHash())) {
                errors.add("currentPassword", "is not your current password");
            }
            PasswordPolicy.check(errors, "password", newPassword, username);
            errors.throwIfAny();
            users.save(new AppUser(user.id(), user.tenantId(), user.username(), encoder.encode(newPassword),
                    user.tenantAdmin(), 0, null, user.createdAt(), user.version()));
        });
        sessions.endOtherSessionsOf(username);
    }

    private AppUser find(StackportPrincipal me, String username) {
        return users.findByUsername(username).filter(u -> u.tenantId() == me.tenantId())
                .orElseThrow(() -> new NotFoundException("User '" + username + "' not found."));
    }

    private static UserSummary summary(AppUser u) {
        return new UserSummary(u.username(), u.tenantAdmin(), u.createdAt());
    }
}
