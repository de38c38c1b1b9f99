package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Octavia.*;
import static org.stackport.simulator.internal.OctaviaInput.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Octavia listeners: one protocol and port per load balancer, an optional default pool. Part of {@link Octavia}; callers hold the world's lock. */
final class OctaviaListeners {

    static final Set<String> PROTOCOLS = Set.of("HTTP", "HTTPS", "TCP", "UDP", "TERMINATED_HTTPS", "SCTP", "PROMETHEUS");
    /** Octavia's L4_PROTOCOL_MAP: listeners on one port conflict when their protocols share the transport. */
    private static final Map<String, String> TRANSPORT = Map.of("HTTP", "TCP", "HTTPS", "TCP", "TCP", "TCP",
            "TERMINATED_HTTPS", "TCP", "PROMETHEUS", "TCP", "UDP", "UDP", "SCTP", "SCTP");
    private static final List<String> HTTP_HEADERS = List.of("X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto");
    private static final List<String> SSL_HEADERS = List.of("X-SSL-Client-Verify", "X-SSL-Client-Has-Cert", "X-SSL-Client-DN",
            "X-SSL-Client-CN", "X-SSL-Issuer", "X-SSL-Client-SHA1", "X-SSL-Client-Not-Before", "X-SSL-Client-Not-After");
    /** Octavia's [haproxy_amphora] timeout defaults, also what a null resets a timeout to. */
    private static final Map<String, Integer> TIMEOUTS = Map.of("timeout_client_data", 50000, "timeout_member_connect", 5000,
            "timeout_member_data", 50000, "timeout_tcp_inspect", 0);
    private static final int MAX_TIMEOUT = 24 * 60 * 60 * 1000;
    private static final String[] UPDATABLE = {"name", "description", "connection_limit", "default_pool_id", "admin_state_up",
            "timeout_client_data", "timeout_member_connect", "timeout_member_data", "timeout_tcp_inspect", "insert_headers",
            "allowed_cidrs", "default_tls_container_ref", "sni_container_refs", "tags"};

    private final Octavia octavia;
    private final World world;

    OctaviaListeners(Octavia octavia) {
        this.octavia = octavia;
        this.world = octavia.world;
    }

    Res create(SimRequest r) {
        JsonNode b = body(r, "listener");
        String lbId = required(b, "loadbalancer_id");
        String protocol = oneOf(b, "protocol", PROTOCOLS);
        int port = port(b, "protocol_port");
        checkNumbers(b);
        Res lb = octavia.get(r, Kinds.LOADBALANCER, lbId);
        String defaultPool = Json.text(b, "default_pool_id");
        if (defaultPool != null) {
            Res pool = world.get(Kinds.POOL, defaultPool).filter(p -> lb.id.equals(p.body.path(LB).asString("")))
                    .orElseThrow(() -> notFound(Kinds.POOL, defaultPool));
            OctaviaPools.checkProtocols(protocol, pool.body.path("protocol").asString(""));
        }
        octavia.requireMutable(lb);
        checkOptions(b, protocol, true);
        String transport = TRANSPORT.get(protocol);
        octavia.children(lb.id, Kinds.LISTENER).filter(l -> l.body.path("protocol_port").asInt(0) == port)
                .filter(l -> transport.equals(TRANSPORT.get(l.body.path("protocol").asString("")))).findFirst()
                .ifPresent(l -> {
                    throw conflict("Another Listener on this Load Balancer is already using protocol "
                            + l.body.path("protocol").asString("") + " and protocol_port " + port);
                });
        checkCidrs(b, lb);
        octavia.quota(lb.projectId, Kinds.LISTENER);
        ObjectNode body = octavia.base(lb.projectId, b);
        body.put(LB, lb.id);
        body.put("protocol", protocol).put("protocol_port", port);
        body.put("connection_limit", b.path("connection_limit").asInt(-1));
        body.put("default_pool_id", defaultPool);
        body.put("default_tls_container_ref", Json.text(b, "default_tls_container_ref"));
        body.set("sni_container_refs", b.path("sni_container_refs").isArray() ? b.get("sni_container_refs").deepCopy() : Json.array());
        body.set("insert_headers", b.path("insert_headers").isObject() ? b.get("insert_headers").deepCopy() : Json.object());
        TIMEOUTS.forEach((field, fallback) -> body.put(field, b.hasNonNull(field) ? b.get(field).asInt() : fallback));
        body.set("allowed_cidrs", b.path("allowed_cidrs").isArray() ? b.get("allowed_cidrs").deepCopy() : null);
        Res listener = world.add(Kinds.LISTENER, lb.projectId, body);
        if (defaultPool != null) {
            world.get(Kinds.POOL, defaultPool).ifPresent(pool -> pool.body.put(LISTENER, listener.id));
        }
        octavia.beginUpdate(lb, listener, "PENDING_CREATE");
        return listener;
    }

    Res update(SimRequest r) {
        Res listener = octavia.get(r, Kinds.LISTENER, r.param("id"));
        JsonNode b = body(r, "listener");
        String protocol = listener.body.path("protocol").asString("");
        Res lb = octavia.lbOf(listener);
        checkNumbers(b);
        checkOptions(b, protocol, false);
        checkCidrs(b, lb);
        Res pool = null;
        if (b.hasNonNull("default_pool_id")) {
            String poolId = Json.text(b, "default_pool_id");
            pool = world.get(Kinds.POOL, poolId).filter(p -> lb.id.equals(p.body.path(LB).asString("")))
                    .orElseThrow(() -> notFound(Kinds.POOL, poolId));
            OctaviaPools.checkProtocols(protocol, pool.body.path("protocol").asString(""));
        }
        octavia.requireMutable(lb);
        if (b.has("default_pool_id")) {
            // the listener's old default pool no longer gets its traffic
            world.get(Kinds.POOL, Json.text(listener.body, "default_pool_id") == null ? "" : Json.text(listener.body, "default_pool_id"))
                    .ifPresent(old -> old.body.putNull(LISTENER));
        }
        if (pool != null) {
            pool.body.put(LISTENER, listener.id);
        }
        copy(b, listener.body, UPDATABLE);
        // a null returns a setting to its default, as in Octavia
        if (listener.body.path("connection_limit").isNull()) {
            listener.body.put("connection_limit", -1);
        }
        TIMEOUTS.forEach((field, fallback) -> {
            if (listener.body.path(field).isNull()) {
                listener.body.put(field, fallback);
            }
        });
        octavia.beginUpdate(lb, listener, "PENDING_UPDATE");
        return listener;
    }

    private static void checkNumbers(JsonNode b) {
        optionalInteger(b, "connection_limit", -1, Integer.MAX_VALUE, null);
        for (String field : TIMEOUTS.keySet()) {
            optionalInteger(b, field, 0, MAX_TIMEOUT, null);
        }
    }

    /** Header insertion, TLS references and UDP, as Octavia's _validate_create_listener and _validate_listener_PUT. */
    private static void checkOptions(JsonNode b, String protocol, boolean create) {
        JsonNode headers = b.path("insert_headers");
        boolean hasHeaders = headers.isObject() && !headers.isEmpty();
        boolean hasTls = Json.text(b, "default_tls_container_ref") != null
                || (b.path("sni_container_refs").isArray() && !b.path("sni_container_refs").isEmpty());
        if (hasHeaders) {
            if (!protocol.equals("HTTP") && !protocol.equals("TERMINATED_HTTPS")) {
                throw invalidOption("insert-headers", "a " + protocol + " protocol listener.");
            }
            List<String> names = headers.propertyNames().stream().toList();
            List<String> unknown = names.stream().filter(n -> !HTTP_HEADERS.contains(n) && !SSL_HEADERS.contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw invalidOption(python(names), "insert_headers");
            }
            List<String> ssl = names.stream().filter(SSL_HEADERS::contains).toList();
            if (!protocol.equals("TERMINATED_HTTPS") && !ssl.isEmpty()) {
                throw invalidOption(python(ssl), protocol + " protocol listener.");
            }
        }
        if (protocol.equals("UDP") && (hasHeaders || hasTls)) {
            throw validation(create ? "UDP protocol listener does not support TLS."
                    : "UDP protocol listener does not support TLS or header insertion.");
        }
        if (!protocol.equals("TERMINATED_HTTPS") && hasTls) {
            throw validation("Certificate container references are only allowed on TERMINATED_HTTPS protocol listeners.");
        }
        if (create && protocol.equals("TERMINATED_HTTPS") && !hasTls) {
            throw validation("An SNI or default certificate container reference must be provided for TERMINATED_HTTPS protocol listeners.");
        }
    }

    /** Each allowed CIDR must be of the VIP's IP version. */
    private static void checkCidrs(JsonNode b, Res lb) {
        JsonNode cidrs = b.path("allowed_cidrs");
        if (!cidrs.isArray()) {
            return;
        }
        String vip = lb.body.path("vip_address").asString("");
        for (JsonNode c : cidrs) {
            String cidr = c.asString("");
            if (cidr.contains(":") != vip.contains(":")) {
                throw validation("CIDR " + cidr + " IP version incompatible with VIP " + vip + " IP version.");
            }
        }
    }

    /** A list as Python prints it in Octavia's messages: ['a', 'b']. */
    private static String python(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + "]";
    }
}
