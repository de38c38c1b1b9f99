package org.stackport.security;

import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request or job. Role data is read from the database each time,
 * so a change of role takes effect at once, also for open sessions.
 */
@Component
public class CurrentUser {

    // A provider, because the directory's own collaborators (the audit log) need the current user.
    private final ObjectProvider<AccountDirectory> directory;

    CurrentUser(ObjectProvider<AccountDirectory> directory) {
        this.directory = directory;
    }

    public Optional<StackportPrincipal> find() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        return directory.getObject().findPrincipal(auth.getName());
    }

    /** The caller; throws (401 over REST) when nobody known is signed in. */
    public StackportPrincipal require() {
        return find().orElseThrow(() -> new InsufficientAuthenticationException("Sign in first"));
    }

    /** The caller's name for the audit trail, also when nobody is signed in. */
    public String nameOrAnonymous() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || auth instanceof AnonymousAuthenticationToken ? "anonymous" : auth.getName();
    }
}
