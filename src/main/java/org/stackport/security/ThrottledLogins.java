package org.stackport.security;

import java.time.Instant;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Console sign-ins through the {@link LoginThrottle}: a name locked at this address is refused before the password
 * is looked at, with the same answer whether the user exists or not.
 */
final class ThrottledLogins implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final AccountDirectory directory;

    ThrottledLogins(AuthenticationProvider passwords, LoginThrottle throttle, AccountDirectory directory) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.directory = directory;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String name = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
                ? web.getRemoteAddress() : "unknown";
        if (throttle.refuses(name, address)) {
            throw new LockedException("Too many failed sign-ins");
        }
        try {
            Authentication done = passwords.authenticate(attempt);
            throttle.succeeded(name, address);
            return done;
        } catch (BadCredentialsException e) {
            Instant lockedUntil = throttle.failed(name, address);
            if (lockedUntil != null) {
                directory.loginLocked(name, address, lockedUntil);
            }
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }
}
