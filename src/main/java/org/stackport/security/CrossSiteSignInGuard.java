package org.stackport.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses sign-ins that another site makes a browser send (login CSRF: the victim would work in the attacker's
 * account). Vaadin exempts its login page from Spring's CSRF check, so the sign-in form's own token is checked here,
 * together with the browser's word on where the request comes from ({@code Sec-Fetch-Site}, {@code Origin}). A refused
 * sign-in goes back to the sign-in page, which says the page had expired.
 */
final class CrossSiteSignInGuard extends OncePerRequestFilter {

    private static final Set<String> SAME_SITE = Set.of("same-origin", "none");

    private final String loginPath;
    private final CsrfTokenRepository tokens = new HttpSessionCsrfTokenRepository();
    private final XorCsrfTokenRequestAttributeHandler masking = new XorCsrfTokenRequestAttributeHandler();

    CrossSiteSignInGuard(String loginPath) {
        this.loginPath = loginPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !loginPath.equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (fromAnotherSite(request) || !carriesTheFormsToken(request)) {
            response.sendRedirect(request.getContextPath() + loginPath + "?expired");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !SAME_SITE.contains(site)) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            int port = o.getPort() != -1 ? o.getPort() : "https".equals(o.getScheme()) ? 443 : 80;
            return "null".equals(origin) || o.getHost() == null || !o.getHost().equalsIgnoreCase(request.getServerName())
                    || port != request.getServerPort();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private boolean carriesTheFormsToken(HttpServletRequest request) {
        if (request.getSession(false) == null) {
            return false;
        }
        CsrfToken expected = tokens.loadToken(request);
        if (expected == null) {
            return false;
        }
        String actual = masking.resolveCsrfTokenValue(request, expected);
        return actual != null && MessageDigest.isEqual(expected.getToken().getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
