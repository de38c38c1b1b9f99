package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Octavia.*;
import static org.stackport.simulator.internal.OctaviaInput.*;

import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Octavia listeners: one protocol and port per load balancer, an optional default pool. Part of {@link Octavia}; callers hold the world's lock. */
final class OctaviaListeners {

    static final Set<String> PROTOCOLS = Set.of("HTTP", "HTTPS", "TCP", "UDP", "TERMINATED_HTTPS", "SCTP", "PROMETHEUS");
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
        Res lb = octavia.get(r, Kinds.LOADBALANCER, lbId);
        octavia.requireMutable(lb);
        boolean taken = octavia.children(lb.id, Kinds.LISTENER).anyMatch(l -> l.body.path("protocol_port").asInt(0) == port
                && l.body.path("protocol").asString("").equals(protocol));
        if (taken) {
            throw conflict("Another Listener on this Load Balancer is already using protocol " + protocol
                    + " and protocol_port " + port);
        }
        String defaultPool = Json.text(b, "default_pool_id");
        if (defaultPool != null) {
            Res pool = octavia.get(r, Kinds.POOL, defaultPool);
            if (!lb.id.equals(pool.body.path(LB).asString(""))) {
                throw validation("Pool " + defaultPool + " is not on load balancer " + lb.id + ".");
            }
        }
        octavia.quota(lb.projectId, Kinds.LISTENER);
        ObjectNode body = octavia.base(lb.projectId, b);
        body.put(LB, lb.id);
        body.put("protocol", protocol).put("protocol_port", port);
        body.put("connection_limit", b.path("connection_limit").asInt(-1));
        body.put("default_pool_id", defaultPool);
        body.put("default_tls_container_ref", Json.text(b, "default_tls_container_ref"));
        body.set("sni_container_refs", b.path("sni_container_refs").isArray() ? b.get("sni_container_refs").deepCopy() : Json.array());
        body.set("insert_headers", b.path("insert_headers").isObject() ? b.get("insert_headers").deepCopy() : Json.object());
        body.put("timeout_client_data", b.path("timeout_client_data").asInt(50000));
        body.put("timeout_member_connect", b.path("timeout_member_connect").asInt(5000));
        body.put("timeout_member_data", b.path("timeout_member_data").asInt(50000));
        body.put("timeout_tcp_inspect", b.path("timeout_tcp_inspect").asInt(0));
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
        Res lb = octavia.lbOf(listener);
        octavia.requireMutable(lb);
        if (b.hasNonNull("default_pool_id")) {
            Res pool = octavia.get(r, Kinds.POOL, Json.text(b, "default_pool_id"));
            if (!lb.id.equals(pool.body.path(LB).asString(""))) {
                throw validation("Pool " + pool.id + " is not on load balancer " + lb.id + ".");
            }
            pool.body.put(LISTENER, listener.id);
        }
        copy(b, listener.body, UPDATABLE);
        octavia.beginUpdate(lb, listener, "PENDING_UPDATE");
        return listener;
    }
}
