package org.stackport.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Redirects within Stackport are sent relative ({@code Location: /login}). Some components (e.g. the sign-in entry
 * point) build absolute addresses from the request's {@code Host} header, which the client chooses: a request with a
 * forged Host would be sent to that host (cache poisoning, phishing links). When {@code stackport.public-url} is set,
 * absolute redirects name it instead.
 */
final class RelativeRedirects extends OncePerRequestFilter {

    private final String publicUrl;

    RelativeRedirects(String publicUrl) {
        this.publicUrl = publicUrl == null ? null : publicUrl.replaceAll("/+$", "");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void sendRedirect(String location) throws IOException {
                super.sendRedirect(local(location));
            }

            @Override
            public void setHeader(String name, String value) {
                super.setHeader(name, "Location".equalsIgnoreCase(name) ? local(value) : value);
            }

            @Override
            public void addHeader(String name, String value) {
                super.addHeader(name, "Location".equalsIgnoreCase(name) ? local(value) : value);
            }
        });
    }

    /** An absolute address is cut to its path and query (or put on the public address); others stay as they are. */
    String local(String location) {
        if (location == null) {
            return null;
        }
        try {
            URI uri = URI.create(location);
            if (!uri.isAbsolute() && uri.getRawAuthority() == null) {
                return location;
            }
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
            return publicUrl == null ? path : publicUrl + path;
        } catch (IllegalArgumentException e) {
            return location;
        }
    }
}
