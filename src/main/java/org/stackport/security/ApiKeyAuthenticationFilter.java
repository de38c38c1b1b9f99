package org.stackport.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /api/**} requests by the {@code ApiKey} header. An unknown, revoked or expired
 * key is answered 401 at once; a request without the header continues anonymous (and is refused later
 * unless the endpoint is public). Not a bean, so Spring Boot does not also register it for every request.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "ApiKey";

    private final AccountDirectory directory;

    ApiKeyAuthenticationFilter(AccountDirectory directory) {
        this.directory = directory;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key == null || key.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<StackportPrincipal> principal = directory.authenticateApiKey(key.trim());
        if (principal.isEmpty()) {
            ProblemWriter.write(response, 401, "Unauthorized", "The API key is unknown, revoked or expired.");
            return;
        }
        StackportPrincipal p = principal.get();
        List<SimpleGrantedAuthority> authorities = p.tenantAdmin()
                ? List.of(new SimpleGrantedAuthority("ROLE_" + Roles.USER), new SimpleGrantedAuthority("ROLE_" + Roles.TENANT_ADMIN))
                : List.of(new SimpleGrantedAuthority("ROLE_" + Roles.USER));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(p.username(), null, authorities));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
