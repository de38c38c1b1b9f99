package org.stackport.simulator.internal;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One request as a route handler sees it.
 *
 * @param route   the route template that matched, e.g. {@code GET /compute/v2.1/servers/{id}}
 * @param params  path parameters by name
 * @param query   query parameters (first value each; {@link #queryAll} for repeated ones)
 * @param token   the caller's validated token, or null on routes that need none
 */
public record SimRequest(String method, String path, String route, Map<String, String> params,
                         Map<String, List<String>> query, Map<String, String> headers, JsonNode body, Token token) {

    /** Pseudo-header the server adds: "http" or "https" (a client cannot send a header name with a colon). */
    public static final String SCHEME = ":scheme";

    /** The scheme the client used, for links back to us. */
    public String scheme() {
        return headers.getOrDefault(SCHEME, "http");
    }

    public String param(String name) {
        return params.get(name);
    }

    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The caller's project id (from the token). */
    public String projectId() {
        return token == null ? null : token.projectId();
    }
}
