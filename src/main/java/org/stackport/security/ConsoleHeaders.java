package org.stackport.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers of the console (everything outside {@code /api/}, which has its own). Console pages and their
 * server round trips show tenant data and are never stored; Vaadin's versioned static files keep their caching.
 */
final class ConsoleHeaders extends OncePerRequestFilter {

    /**
     * What the console's pages may load and do. Vaadin's client needs inline styles and runs the scripts the server
     * sends ({@code 'unsafe-eval'}, {@code 'unsafe-inline'}); nothing may come from elsewhere, frame the console, or
     * receive one of its forms.
     */
    static final String CSP = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
            + "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    static final String PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return path(request).startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Permissions-Policy", PERMISSIONS);
        response.setHeader("X-Content-Type-Options", "nosniff");
        String path = path(request);
        if (!(path.startsWith("/VAADIN/") || path.startsWith("/themes/") || path.startsWith("/icons/")
                || path.equals("/favicon.ico") || path.startsWith("/swagger-ui/"))) {
            response.setHeader("Cache-Control", "no-store, max-age=0");
            response.setHeader("Pragma", "no-cache");
        }
        chain.doFilter(request, response);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
