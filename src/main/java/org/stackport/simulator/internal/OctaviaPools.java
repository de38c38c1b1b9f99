package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Octavia.*;
import static org.stackport.simulator.internal.OctaviaInput.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Octavia pools: on a load balancer, optionally a listener's default pool. Part of {@link Octavia}; callers hold the world's lock. */
final class OctaviaPools {

    static final Set<String> PROTOCOLS = Set.of("HTTP", "HTTPS", "PROXY", "PROXYV2", "TCP", "UDP", "SCTP");
    static final Set<String> ALGORITHMS = Set.of("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT");
    /** Octavia's VALID_LISTENER_POOL_PROTOCOL_MAP: the pool protocols a listener of each protocol may send to. */
    private static final Map<String, List<String>> FOR_LISTENER = Map.of(
            "TCP", List.of("HTTP", "HTTPS", "PROXY", "PROXYV2", "TCP"),
            "HTTP", List.of("HTTP", "PROXY", "PROXYV2"),
            "HTTPS", List.of("HTTPS", "PROXY", "PROXYV2", "TCP"),
            "TERMINATED_HTTPS", List.of("HTTP", "PROXY", "PROXYV2"),
            "UDP", List.of("UDP"), "SCTP", List.of("SCTP"), "PROMETHEUS", List.of());
    private static final Set<String> PERSISTENCE_TYPES = Set.of("SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE");
    /** Characters a cookie name may not have (Octavia's check_session_persistence). */
    private static final java.util.regex.Pattern BAD_COOKIE =
            java.util.regex.Pattern.compile("[\\x00-\\x20\\x22\\x28-\\x29\\x2c\\x2f\\x3a-\\x40\\x5b-\\x5d\\x7b\\x7d\\x7f]+");
    private static final String[] UPDATABLE = {"name", "description", "lb_algorithm", "session_persistence", "admin_state_up",
            "tls_enabled", "tags"};

    private final Octavia octavia;
    private final World world;

    OctaviaPools(Octavia octavia) {
        this.octavia = octavia;
        this.world = octavia.world;
    }

    Res create(SimRequest r) {
        JsonNode b = body(r, "pool");
        String listenerId = Json.text(b, "listener_id");
        String lbId = Json.text(b, "loadbalancer_id");
        if (listenerId == null && lbId == null) {
            throw validation("Either listener_id or loadbalancer_id must be specified.");
        }
        String protocol = oneOf(b, "protocol", PROTOCOLS);
        String algorithm = oneOf(b, "lb_algorithm", ALGORITHMS);
        Res listener = listenerId == null ? null : octavia.get(r, Kinds.LISTENER, listenerId);
        Res lb = octavia.get(r, Kinds.LOADBALANCER, listener != null ? listener.body.path(LB).asString("") : lbId);
        if (lbId != null && !lb.id.equals(lbId)) {
            throw validation("Listener " + listenerId + " is not on load balancer " + lbId + ".");
        }
        if (listener != null) {
            checkProtocols(listener.body.path("protocol").asString(""), protocol);
        }
        octavia.requireMutable(lb);
        if (listener != null && Json.text(listener.body, "default_pool_id") != null) {
            throw conflict("This listener already has a default pool");
        }
        octavia.quota(lb.projectId, Kinds.POOL);
        ObjectNode body = octavia.base(lb.projectId, b);
        body.put(LB, lb.id);
        body.put(LISTENER, listener == null ? null : listener.id);
        body.put("protocol", protocol).put("lb_algorithm", algorithm);
        body.set("session_persistence", persistence(b.get("session_persistence")));
        body.put("tls_enabled", b.path("tls_enabled").asBoolean(false));
        body.putNull("ca_tls_container_ref").putNull("crl_container_ref").putNull("tls_container_ref");
        Res pool = world.add(Kinds.POOL, lb.projectId, body);
        if (listener != null) {
            listener.body.put("default_pool_id", pool.id);
        }
        octavia.beginUpdate(lb, pool, "PENDING_CREATE");
        return pool;
    }

    /**
     * Session persistence as Octavia stores it (type, cookie_name, persistence_timeout, persistence_granularity), after
     * its check_session_persistence: a cookie name only, and always, with APP_COOKIE, and one a cookie may carry.
     */
    private static JsonNode persistence(JsonNode sp) {
        if (sp == null || sp.isNull()) {
            return null;
        }
        if (!sp.isObject()) {
            throw validation("Invalid session_persistence provided.");
        }
        String type = oneOf(sp, "type", PERSISTENCE_TYPES);
        String cookie = Json.text(sp, "cookie_name");
        if (cookie != null && !cookie.isEmpty()) {
            if (!type.equals("APP_COOKIE")) {
                throw validation("Field \"cookie_name\" can only be specified with session persistence of type \"APP_COOKIE\".");
            }
            if (BAD_COOKIE.matcher(cookie).find()) {
                throw validation("Supplied \"cookie_name\" is invalid.");
            }
        } else if (type.equals("APP_COOKIE")) {
            throw validation("Field \"cookie_name\" must be specified when using the \"APP_COOKIE\" session persistence type.");
        }
        ObjectNode out = Json.object().put("type", type).put("cookie_name", cookie);
        out.set("persistence_timeout", sp.hasNonNull("persistence_timeout") ? sp.get("persistence_timeout").deepCopy() : null);
        out.set("persistence_granularity", sp.hasNonNull("persistence_granularity") ? sp.get("persistence_granularity").deepCopy() : null);
        return out;
    }

    static void checkProtocols(String listenerProtocol, String poolProtocol) {
        if (!FOR_LISTENER.getOrDefault(listenerProtocol, List.of()).contains(poolProtocol)) {
            throw validation("The pool protocol '" + poolProtocol + "' is invalid while the listener protocol is '"
                    + listenerProtocol + "'.");
        }
    }

    Res update(SimRequest r) {
        Res pool = octavia.get(r, Kinds.POOL, r.param("id"));
        JsonNode b = body(r, "pool");
        Res lb = octavia.lbOf(pool);
        octavia.requireMutable(lb);
        JsonNode persistence = persistence(b.get("session_persistence"));
        copy(b, pool.body, UPDATABLE);
        if (b.has("session_persistence")) {
            pool.body.set("session_persistence", persistence);
        }
        octavia.beginUpdate(lb, pool, "PENDING_UPDATE");
        return pool;
    }
}
