package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Octavia.*;
import static org.stackport.simulator.internal.OctaviaInput.*;

import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Octavia health monitors, one per pool. Octavia's own checks: delay and timeout at least 0 (Octavia does not
 * compare them), max_retries and max_retries_down 1–10, HTTP fields only on HTTP and HTTPS monitors (with the
 * defaults GET, "/", "200"), UDP-CONNECT only on UDP pools, and UDP pools only with UDP-CONNECT, TCP or HTTP
 * monitors. Part of {@link Octavia}; callers hold the world's lock.
 */
final class OctaviaHealthMonitors {

    static final Set<String> TYPES = Set.of("PING", "TCP", "HTTP", "HTTPS", "TLS-HELLO", "UDP-CONNECT", "SCTP");
    private static final Set<String> HTTP_METHODS = Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");
    private static final Set<String> HTTP_FIELDS = Set.of("http_method", "url_path", "expected_codes");
    private static final String EXPECTED_CODES = "^(\\d{3}(\\s*,\\s*\\d{3})*)$|^(\\d{3}-\\d{3})$";

    private final Octavia octavia;
    private final World world;

    OctaviaHealthMonitors(Octavia octavia) {
        this.octavia = octavia;
        this.world = octavia.world;
    }

    Res create(SimRequest r) {
        JsonNode b = body(r, "healthmonitor");
        String type = oneOf(b, "type", TYPES);
        int delay = integer(b, "delay", 0, Integer.MAX_VALUE);
        int timeout = integer(b, "timeout", 0, Integer.MAX_VALUE);
        int retries = integer(b, "max_retries", 1, 10);
        int retriesDown = optionalInteger(b, "max_retries_down", 1, 10, 3);
        checkHttpFields(b);
        Res pool = octavia.get(r, Kinds.POOL, required(b, "pool_id"));
        boolean udpPool = "UDP".equals(pool.body.path("protocol").asString(""));
        if (udpPool && !Set.of("UDP-CONNECT", "TCP", "HTTP").contains(type)) {
            throw validation("The associated pool protocol is UDP, so only a UDP-CONNECT/TCP/HTTP health monitor is supported.");
        }
        if (!udpPool && type.equals("UDP-CONNECT")) {
            throw validation("The UDP-CONNECT type is only supported for pools of type UDP.");
        }
        Res lb = octavia.lbOf(pool);
        octavia.requireMutable(lb);
        boolean http = type.equals("HTTP") || type.equals("HTTPS");
        if (!http) {
            for (String field : HTTP_FIELDS) {
                if (Json.text(b, field) != null) {
                    throw invalidOption(field, "health monitors of type " + type);
                }
            }
        }
        if (octavia.children(lb.id, Kinds.HEALTH_MONITOR).anyMatch(h -> pool.id.equals(h.body.path(POOL).asString("")))) {
            throw conflict("This pool already has a health monitor");
        }
        octavia.quota(lb.projectId, Kinds.HEALTH_MONITOR);
        ObjectNode body = octavia.base(lb.projectId, b);
        body.remove("description");
        body.put(LB, lb.id).put(POOL, pool.id);
        body.put("type", type).put("delay", delay).put("timeout", timeout).put("max_retries", retries)
                .put("max_retries_down", retriesDown);
        body.put("http_method", http ? b.path("http_method").asString("GET") : null);
        body.put("url_path", http ? b.path("url_path").asString("/") : null);
        body.put("expected_codes", http ? b.path("expected_codes").asString("200") : null);
        body.set("http_version", b.hasNonNull("http_version") ? b.get("http_version").deepCopy() : null);
        body.put("domain_name", Json.text(b, "domain_name"));
        Res monitor = world.add(Kinds.HEALTH_MONITOR, lb.projectId, body);
        octavia.beginUpdate(lb, monitor, "PENDING_CREATE");
        return monitor;
    }

    Res update(SimRequest r) {
        Res monitor = octavia.get(r, Kinds.HEALTH_MONITOR, r.param("id"));
        JsonNode b = body(r, "healthmonitor");
        for (String field : new String[] {"delay", "timeout", "max_retries"}) {
            if (b.has(field) && b.get(field).isNull()) {
                throw invalidOption("None", field);
            }
        }
        optionalInteger(b, "delay", 0, Integer.MAX_VALUE, null);
        optionalInteger(b, "timeout", 0, Integer.MAX_VALUE, null);
        optionalInteger(b, "max_retries", 1, 10, null);
        optionalInteger(b, "max_retries_down", 1, 10, null);
        checkHttpFields(b);
        String type = monitor.body.path("type").asString("");
        boolean http = type.equals("HTTP") || type.equals("HTTPS");
        if (!http) {
            for (String field : HTTP_FIELDS) {
                if (b.has(field)) {
                    throw invalidOption(field, "health monitors of type " + type);
                }
            }
        }
        Res lb = octavia.lbOf(monitor);
        octavia.requireMutable(lb);
        copy(b, monitor.body, "name", "delay", "timeout", "max_retries", "max_retries_down", "http_method", "url_path",
                "expected_codes", "admin_state_up", "http_version", "domain_name", "tags");
        // a null clears a field back to Octavia's default
        if (http) {
            defaultIfNull(monitor.body, "http_method", "GET");
            defaultIfNull(monitor.body, "url_path", "/");
            defaultIfNull(monitor.body, "expected_codes", "200");
        }
        if (monitor.body.path("max_retries_down").isNull()) {
            monitor.body.put("max_retries_down", 3);
        }
        octavia.beginUpdate(lb, monitor, "PENDING_UPDATE");
        return monitor;
    }

    private static void checkHttpFields(JsonNode b) {
        optionalOneOf(b, "http_method", HTTP_METHODS);
        String codes = Json.text(b, "expected_codes");
        if (codes != null && !codes.matches(EXPECTED_CODES)) {
            throw invalidField("expected_codes", codes, "Value should match the pattern " + EXPECTED_CODES);
        }
        String path = Json.text(b, "url_path");
        if (path != null && !path.startsWith("/")) {
            throw invalidField("url_path", path, "Value must be a valid URL path");
        }
    }

    private static void defaultIfNull(ObjectNode body, String field, String value) {
        if (!body.hasNonNull(field)) {
            body.put(field, value);
        }
    }
}
