package org.stackport.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stackport.simulator.ManualClock;
import org.stackport.simulator.SimulatorSettings;
import tools.jackson.databind.JsonNode;

/**
 * Neutron and Octavia handlers driven directly (no HTTP) for what the public simulator API cannot set up yet:
 * a load balancer that Octavia puts into ERROR (World.forceNextStatus), and the helpers other services use.
 */
class OctaviaErrorStateTest {

    ManualClock clock;
    World world;
    Router router;
    Token token;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        world = new World(clock, SimulatorSettings.fast());
        router = new Router();
        new Neutron(world).register(router);
        new Octavia(world).register(router);
        World.Project dev = world.project("dev", null).orElseThrow();
        token = new Token("t", "u", "demo", dev.id(), dev.name(), World.DOMAIN_ID, false, clock.instant(),
                clock.instant().plus(Duration.ofHours(1)));
    }

    SimResponse call(String method, String pathAndQuery, String json) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (pathAndQuery.contains("?")) {
            for (String pair : pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                query.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
            }
        }
        Router.Match m = router.match(method, path, new boolean[1]).orElseThrow();
        SimRequest r = new SimRequest(method, path, m.route().key(), m.params(), query, Map.of(),
                json == null ? null : Json.parse(json.getBytes(StandardCharsets.UTF_8)), token);
        try {
            return world.locked(() -> m.route().handler().handle(r));
        } catch (ServiceError e) {
            return SimResponse.status(e.status(), e.body());
        }
    }

    String privateSubnet() {
        return world.all(Kinds.SUBNET).filter(s -> s.name().equals("private-subnet")).findFirst().orElseThrow().id;
    }

    @Test
    void a_load_balancer_octavia_puts_into_error_is_an_orphan_refuses_changes_and_can_still_be_deleted() {
        world.forceNextStatus(Kinds.LOADBALANCER, 1, "ERROR", "amphora failed to boot");
        SimResponse created = call("POST", "/load-balancer/v2/lbaas/loadbalancers",
                "{\"loadbalancer\":{\"name\":\"broken\",\"vip_subnet_id\":\"" + privateSubnet() + "\"}}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("loadbalancer").get("id").asString();
        String vipPort = created.body().get("loadbalancer").get("vip_port_id").asString();
        assertThat(world.orphans()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        JsonNode lb = call("GET", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).body().get("loadbalancer");
        assertThat(lb.get("provisioning_status").asString()).isEqualTo("ERROR");
        assertThat(lb.get("operating_status").asString()).isEqualTo("ERROR");
        assertThat(lb.has("_fault")).as("internal fields stay hidden").isFalse();
        assertThat(world.orphans()).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo(Kinds.LOADBALANCER);
            assertThat(o.reason()).isEqualTo("load balancer in ERROR: amphora failed to boot");
        });
        SimResponse listener = call("POST", "/load-balancer/v2/lbaas/listeners",
                "{\"listener\":{\"loadbalancer_id\":\"" + id + "\",\"protocol\":\"TCP\",\"protocol_port\":80}}");
        assertThat(listener.status()).isEqualTo(409);
        assertThat(listener.body().get("faultstring").asString()).isEqualTo("Load Balancer " + id + " is immutable and cannot be updated.");

        assertThat(call("DELETE", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).status()).isEqualTo(204);
        assertThat(call("GET", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).body().get("loadbalancer")
                .get("provisioning_status").asString()).isEqualTo("PENDING_DELETE");
        clock.advance(Duration.ofSeconds(1));
        assertThat(call("GET", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).status()).isEqualTo(404);
        assertThat(world.get(Kinds.PORT, vipPort)).isEmpty();
        assertThat(world.orphans()).isEmpty();
    }

    @Test
    void a_pending_delete_held_forever_keeps_the_load_balancer_and_its_quota() {
        SimResponse created = call("POST", "/load-balancer/v2/lbaas/loadbalancers",
                "{\"loadbalancer\":{\"name\":\"sticky\",\"vip_subnet_id\":\"" + privateSubnet() + "\"}}");
        String id = created.body().get("loadbalancer").get("id").asString();
        clock.advance(Duration.ofSeconds(1));
        world.holdNextTransitions(Kinds.LOADBALANCER, 1, null);
        assertThat(call("DELETE", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).status()).isEqualTo(204);
        clock.advance(Duration.ofDays(1));
        assertThat(call("GET", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).body().get("loadbalancer")
                .get("provisioning_status").asString()).isEqualTo("PENDING_DELETE");
        assertThat(world.usage(token.projectId(), Kinds.LOADBALANCER)).isEqualTo(1);
        assertThat(call("DELETE", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).status()).as("immutable").isEqualTo(409);
    }

    @Test
    void the_default_security_group_helper_creates_it_once_with_four_rules() {
        String project = world.addProject("fresh").id();
        Res first = world.locked(() -> Neutron.defaultSecurityGroup(world, project));
        Res again = world.locked(() -> Neutron.defaultSecurityGroup(world, project));
        assertThat(again).isSameAs(first);
        assertThat(world.owned(Kinds.SECURITY_GROUP_RULE, project).count()).isEqualTo(4);
        assertThat(world.usage(project, Kinds.SECURITY_GROUP)).isEqualTo(1);
    }

    @Test
    void a_floating_ip_whose_port_went_away_with_its_server_is_no_longer_associated() {
        String network = world.all(Kinds.NETWORK).filter(n -> n.name().equals("private")).findFirst().orElseThrow().id;
        String external = world.all(Kinds.NETWORK).filter(n -> n.name().equals("public")).findFirst().orElseThrow().id;
        // the seed's router1 joins the private subnet to the external network
        // a server's port as Nova makes it
        Res port = world.locked(() -> Ports.create(world, token.projectId(), network, null, "vm", "server-1", "compute:nova"));
        SimResponse fip = call("POST", "/network/v2.0/floatingips", "{\"floatingip\":{\"floating_network_id\":\"" + external
                + "\",\"port_id\":\"" + port.id + "\"}}");
        assertThat(fip.status()).isEqualTo(201);
        assertThat(fip.body().get("floatingip").get("status").asString()).isEqualTo("DOWN");
        String created = fip.body().get("floatingip").get("id").asString();
        clock.advance(Duration.ofSeconds(1));
        assertThat(call("GET", "/network/v2.0/floatingips/" + created, null).body().get("floatingip").get("status").asString())
                .isEqualTo("ACTIVE");
        assertThat(world.orphans()).isEmpty();
        world.locked(() -> world.remove(Kinds.PORT, port.id));
        assertThat(world.orphans()).singleElement().satisfies(o -> assertThat(o.kind()).isEqualTo(Kinds.FLOATING_IP));
        String fipId = fip.body().get("floatingip").get("id").asString();
        assertThat(call("GET", "/network/v2.0/floatingips/" + fipId, null).body().get("floatingip").get("port_id").isNull()).isTrue();
    }
}
