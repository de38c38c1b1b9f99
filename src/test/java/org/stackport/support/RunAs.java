package org.stackport.support;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** Runs test set-up as a given user, through the real services and their checks. */
public final class RunAs {

    private RunAs() {
    }

    public static <T> T user(String username, Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(username, null,
                List.of(new SimpleGrantedAuthority("ROLE_USER"))));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public static void user(String username, Runnable work) {
        user(username, () -> {
            work.run();
            return null;
        });
    }

    public static <T> T admin(Supplier<T> work) {
        return user("admin", work);
    }

    public static void admin(Runnable work) {
        user("admin", work);
    }
}
