package org.stackport.security;

import java.nio.charset.StandardCharsets;
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

    static final int MAX_PASSWORD_BYTES = 72;

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
            if (attempt.getCredentials() instanceof String password
                    && password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
                // no stored password is that long (bcrypt reads 72 bytes), and the encoder would throw on it
                throw new BadCredentialsException("Bad credentials");
            }
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
