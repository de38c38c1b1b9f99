package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Octavia.*;
import static org.stackport.simulator.internal.OctaviaInput.*;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The amphora provider's records, for the operator's admin API ({@code /octavia/amphorae}): one amphora per load
 * balancer (topology SINGLE, role STANDALONE) whose HA address is the VIP. The amphora's VM and ports live in
 * Octavia's own service project, which this cloud does not show; their ids are the amphora's record of them. A
 * failover (of the amphora or of its load balancer) replaces the amphora while the load balancer is in
 * PENDING_UPDATE. Part of {@link Octavia}; callers hold the world's lock.
 */
final class OctaviaAmphorae {

    static final String AMPHORA = "lb_amphora";
    /** Octavia's management network, where the controllers reach the amphorae. */
    private static final String MANAGEMENT_PREFIX = "192.168.0.";

    private final Octavia octavia;
    private final World world;
    private int nextManagementAddress = 10;

    OctaviaAmphorae(Octavia octavia) {
        this.octavia = octavia;
        this.world = octavia.world;
    }

    void register(Router router, String version) {
        String p = PREFIX + version + "/octavia/amphorae";
        octavia.route(router, "GET", p, r -> {
            admin(r);
            return octavia.views.catalog(r, AMPHORA, "amphorae", "amphorae_links");
        });
        octavia.route(router, "GET", p + "/{id}", r -> {
            ObjectNode out = Json.object();
            out.set("amphora", OctaviaFlavors.view(find(admin(r))));
            return SimResponse.ok(out);
        });
        octavia.route(router, "GET", p + "/{id}/stats", r -> {
            Res amphora = find(admin(r));
            ObjectNode out = Json.object();
            ArrayNode stats = out.putArray("amphora_stats");
            octavia.children(amphora.body.path("loadbalancer_id").asString(""), Kinds.LISTENER).forEach(l ->
                    stats.addObject().put("id", amphora.id).put("listener_id", l.id)
                            .put("loadbalancer_id", amphora.body.path("loadbalancer_id").asString(""))
                            .put("active_connections", 0).put("bytes_in", 0).put("bytes_out", 0)
                            .put("request_errors", 0).put("total_connections", 0));
            return SimResponse.ok(out);
        });
        octavia.route(router, "PUT", p + "/{id}/config", r -> {
            Res amphora = find(admin(r));
            octavia.requireMutable(loadBalancerOf(amphora));
            return SimResponse.accepted(null);
        });
        octavia.route(router, "PUT", p + "/{id}/failover", r -> {
            Res amphora = find(admin(r));
            Res lb = loadBalancerOf(amphora);
            octavia.requireMutable(lb);
            failover(lb);
            return SimResponse.accepted(null);
        });
        octavia.route(router, "PUT", PREFIX + version + "/lbaas/loadbalancers/{id}/failover", r -> {
            Res lb = octavia.get(r, Kinds.LOADBALANCER, r.param("id"));
            admin(r);
            octavia.requireMutable(lb);
            failover(lb);
            return SimResponse.accepted(null);
        });
    }

    /** The amphora a new load balancer gets, booted with it. */
    void boot(Res lb) {
        String now = TIME.format(world.now());
        ObjectNode body = Json.object();
        body.put("loadbalancer_id", lb.id).put("compute_id", World.uuid())
                .put("lb_network_ip", MANAGEMENT_PREFIX + nextManagementAddress++ % 250)
                .put("vrrp_ip", (String) null).put("ha_ip", lb.body.path("vip_address").asString(""))
                .put("vrrp_port_id", World.uuid()).put("ha_port_id", lb.body.path("vip_port_id").asString(""))
                .put("cert_expiration", TIME.format(world.now().plus(java.time.Duration.ofDays(730))))
                .put("cert_busy", false).put("role", "STANDALONE").put("status", "ALLOCATED")
                .put("vrrp_interface", (String) null).put("vrrp_id", 1).put("vrrp_priority", (Integer) null)
                .put("cached_zone", lb.body.path("availability_zone").asString("nova"))
                .put("image_id", World.uuid()).put("compute_flavor", World.uuid())
                .put("created_at", now).put("updated_at", now);
        world.add(AMPHORA, null, body);
    }

    /** A failover replaces the load balancer's amphorae; the load balancer is PENDING_UPDATE meanwhile. */
    private void failover(Res lb) {
        List<Res> old = amphoraeOf(lb.id);
        old.forEach(a -> world.remove(AMPHORA, a.id));
        boot(lb);
        octavia.beginUpdate(lb, lb, "PENDING_UPDATE");
    }

    /** When a load balancer is gone, so are its amphorae. */
    void release(String lbId) {
        amphoraeOf(lbId).forEach(a -> world.remove(AMPHORA, a.id));
    }

    private List<Res> amphoraeOf(String lbId) {
        return world.all(AMPHORA).filter(a -> lbId.equals(a.body.path("loadbalancer_id").asString(""))).toList();
    }

    private Res loadBalancerOf(Res amphora) {
        return world.get(Kinds.LOADBALANCER, amphora.body.path("loadbalancer_id").asString("")).orElse(null);
    }

    private Res find(SimRequest r) {
        String id = r.param("id");
        return world.get(AMPHORA, id).orElseThrow(() -> ServiceError.octavia(404, "Client", "Amphora " + id + " not found."));
    }

    private static SimRequest admin(SimRequest r) {
        if (!r.token().admin()) {
            throw forbidden();
        }
        return r;
    }
}
