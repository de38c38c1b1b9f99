package org.stackport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimResource;
import org.stackport.simulator.SimSnapshot;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;
import org.stackport.tunnel.GatewayAgent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent gateway installed into the embedded OpenStack by the console: its servers boot with the agent's
 * cloud-init, the simulator runs the real agent they would run, the agent dials the console, and the gateway's
 * account reaches the cloud through it; resized to 3, one agent lost, and deleted with nothing left in the cloud.
 * The install's passes are driven here as the Quartz job would run them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class GatewayInstallIT {

    static final String KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayInstaller installer;
    @Autowired
    GatewayTunnels tunnels;

    Api api;
    OpenStackSimulator sim;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        sim = launcher.simulator();
        sim.clearFaults();
        sim.setQuota("dev", "security_group", 40);
    }

    String registration(String name, String placement) {
        return """
                {"name":"%s","cloudType":"openstack","size":1,"shareAcrossProjects":true,
                 "openstack":{"identityEndpoint":"%s","username":"demo","password":"demo","domain":"Default","region":"RegionOne",
                   "project":"dev","placement":%s,"availabilityZone":"az1",
                   "sshPublicKey":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN653kpNdaVV88b6b3je0ldrQneZ4hvnMrd4Mnbu3ko1 me@host","patchOsOnBoot":true},
                 "proxy":{"https":"http://proxy.internal:3128","http":"http://proxy.internal:3128","noProxy":["10.0.0.0/8"]},
                 "podCidr":"192.168.0.0/16","serviceCidr":"10.96.0.0/12"}"""
                .formatted(name, sim.identityEndpoint(), placement);
    }

    long id(String name) {
        return jdbc.sql("select id from gateway where name = ?").param(name).query(Long.class).single();
    }

    JsonNode gateway(String name) {
        Api.Response r = api.get("/api/v1/gateways/" + name, KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Runs the install's passes until it rests. */
    void drive(long id) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(end)) {
            Optional<Instant> next = installer.pass(id);
            if (next.isEmpty()) {
                return;
            }
            long ms = Duration.between(Instant.now(), next.get()).toMillis();
            Thread.sleep(Math.max(50, Math.min(ms, 500)));
        }
        throw new AssertionError("the gateway's passes did not rest within 2 minutes: "
                + api.get("/api/v1/gateways/" + jdbc.sql("select name from gateway where id = ?").param(id)
                .query(String.class).single() + "/events", KEY).body());
    }

    List<SimResource> servers(String prefix) {
        return sim.inventory().stream().filter(r -> r.kind().equals("server") && r.name() != null
                && r.name().startsWith(prefix)).toList();
    }

    @Test
    void a_gateway_installed_into_openstack_runs_its_agents_there_grows_to_three_and_leaves_nothing_when_deleted()
            throws Exception {
        SimSnapshot before = sim.snapshot();
        Instant started = Instant.now();
        Api.Response r = api.post("/api/v1/gateways", KEY, registration("gw-installed",
                "{\"type\":\"static\",\"network\":\"private\",\"subnet\":\"private-subnet\"}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String token = JSON.readTree(r.body()).get("agentToken").asString();
        long id = id("gw-installed");
        String prefix = "spgw-" + jdbc.sql("select uid from gateway where id = ?").param(id).query(String.class).single()
                .substring(0, 8);

        drive(id);
        Duration install = Duration.between(started, Instant.now());
        System.out.println("BENCHMARK gateway install (1 node, test timings): " + install.toMillis() + " ms");
        JsonNode g = gateway("gw-installed");
        assertThat(g.get("status").asString()).as(g.toString()).isEqualTo("Running");
        assertThat(servers(prefix)).hasSize(1).allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));
        assertThat(sim.inventory()).anySatisfy(s -> assertThat(s.name()).isEqualTo(prefix)); // its security group
        JsonNode node = g.get("nodes").get(0);
        assertThat(node.get("name").asString()).isEqualTo(prefix + "-0");
        assertThat(node.get("address").asString()).matches("[0-9.]+");
        assertThat(node.get("availabilityZone").asString()).isEqualTo("az1");
        assertThat(node.get("status").asString()).isEqualTo("Connected");
        // the node's agent is the real one, started from the user data the console rendered
        GatewayAgent agent = sim.gatewayAgents().get(prefix + "-0");
        assertThat(agent).isNotNull();
        sim.clearJournal();
        Api.Response quota = api.get("/api/v1/cloud-accounts/gw-installed/quota", KEY);
        assertThat(quota.body()).doesNotContain("\"unavailable\"");
        // the simulator's journal: the quota's reads arrived from the agent's own address, none from elsewhere
        String agentAddress = agent.localAddress().getHostAddress();
        assertThat(sim.journal()).filteredOn(e -> e.path().contains("limits") || e.path().contains("quotas"))
                .isNotEmpty().allSatisfy(e -> assertThat(e.from()).isEqualTo(agentAddress));
        // and so do the account's validation and its inventory
        sim.clearJournal();
        Api.Response validated = api.post("/api/v1/cloud-accounts/gw-installed/validate", KEY, "");
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        Api.Response inventory = api.get("/api/v1/cloud-accounts/gw-installed/inventory", KEY);
        assertThat(inventory.body()).contains("private-subnet");
        assertThat(sim.journal()).isNotEmpty().allSatisfy(e -> assertThat(e.from()).isEqualTo(agentAddress));
        assertThat(api.get("/api/v1/gateways/gw-installed", KEY).body()).doesNotContain(token);
        assertThat(api.get("/api/v1/gateways/gw-installed/events", KEY).body()).contains("Creating gateway node " + prefix + "-0");

        // resize: two more servers in a server group, three agents
        Api.Response resized = api.post("/api/v1/gateways/gw-installed/resize", KEY, "{\"size\":3}");
        assertThat(resized.status()).as(resized.body()).isEqualTo(202);
        drive(id);
        assertThat(servers(prefix)).hasSize(3).allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));
        assertThat(sim.inventory()).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo("server_group");
            assertThat(s.name()).isEqualTo(prefix);
        });
        assertThat(tunnels.linksOf(id)).hasSize(3);
        assertThat(gateway("gw-installed").get("nodes")).hasSize(3);

        // one agent of three goes: calls go on, an event names the node
        sim.gatewayAgents().get(prefix + "-1").close();
        for (int i = 0; i < 10; i++) {
            assertThat(api.get("/api/v1/cloud-accounts/gw-installed/quota", KEY).body()).doesNotContain("\"unavailable\"");
        }
        Instant end = Instant.now().plusSeconds(20);
        while (!api.get("/api/v1/gateways/gw-installed/events", KEY).body().contains("Lost the agent on node " + prefix + "-1")) {
            assertThat(Instant.now()).isBefore(end);
            Thread.sleep(100);
        }

        // delete: the servers, the groups, the key pair go; then the gateway and its account
        assertThat(api.call("DELETE", "/api/v1/gateways/gw-installed", KEY, null).status()).isEqualTo(204);
        assertThat(gateway("gw-installed").get("status").asString()).isEqualTo("Deleting");
        drive(id);
        assertThat(api.get("/api/v1/gateways/gw-installed", KEY).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/cloud-accounts/gw-installed", KEY).status()).isEqualTo(404);
        assertThat(before.diff(sim.snapshot()).created()).as("left in the cloud").isEmpty();
        assertThat(sim.orphans()).isEmpty();
    }

    @Test
    void a_gateway_with_its_own_network_removes_the_network_router_and_subnet_too() throws Exception {
        SimSnapshot before = sim.snapshot();
        Api.Response r = api.post("/api/v1/gateways", KEY, registration("gw-dynamic",
                "{\"type\":\"dynamic\",\"nodeCidr\":\"10.77.0.0/24\",\"dnsServers\":[\"1.1.1.1\"]}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = id("gw-dynamic");
        drive(id);
        assertThat(gateway("gw-dynamic").get("status").asString()).isEqualTo("Running");
        String prefix = "spgw-" + jdbc.sql("select uid from gateway where id = ?").param(id).query(String.class).single()
                .substring(0, 8);
        assertThat(sim.inventory().stream().filter(s -> prefix.equals(s.name())).map(SimResource::kind))
                .contains("network", "subnet", "router", "security_group");

        assertThat(api.call("DELETE", "/api/v1/gateways/gw-dynamic", KEY, null).status()).isEqualTo(204);
        drive(id);
        assertThat(api.get("/api/v1/gateways/gw-dynamic", KEY).status()).isEqualTo(404);
        assertThat(before.diff(sim.snapshot()).created()).as("left in the cloud").isEmpty();
        assertThat(sim.orphans()).isEmpty();
    }

    /** Calls the account's quota (every area read live through the gateway) until stopped; counts the failed ones. */
    static final class Caller implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        final List<String> failed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean running = true;
        final Thread thread;

        Caller(Api api, String account) {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    long t0 = System.nanoTime();
                    Api.Response r = api.get("/api/v1/cloud-accounts/" + account + "/quota", KEY);
                    slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    if (r.status() == 200 && !r.body().contains("\"unavailable\"")) {
                        ok.incrementAndGet();
                    } else {
                        failed.add(r.body());
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(60_000);
        }
    }

    void upgradeWhileCalling(String name, int size) throws Exception {
        sim.gatewayAgentVersion("1.0.0");
        Api.Response r;
        try {
            r = api.post("/api/v1/gateways", KEY, registration(name, "{\"type\":\"static\",\"network\":\"private\",\"subnet\":\"private-subnet\"}")
                    .replace("\"size\":1", "\"size\":" + size));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            drive(id(name));
        } finally {
            sim.gatewayAgentVersion(null);
        }
        JsonNode g = gateway(name);
        assertThat(g.get("status").asString()).isEqualTo("Running");
        assertThat(g.get("agentVersion").asString()).isEqualTo("1.0.0");
        assertThat(g.get("upgradeAvailable").asBoolean()).isTrue();
        assertThat(g.get("availableUpgrade").asString()).isEqualTo(GatewayAgent.VERSION);

        try (Caller caller = new Caller(api, name)) {
            Thread.sleep(300);
            Api.Response up = api.post("/api/v1/gateways/" + name + "/upgrade", KEY, "{\"version\":\"" + GatewayAgent.VERSION + "\"}");
            assertThat(up.status()).as(up.body()).isEqualTo(202);
            assertThat(JSON.readTree(up.body()).get("status").asString()).isEqualTo("Upgrading");
            sim.clearJournal();
            drive(id(name));
            Thread.sleep(300);
            caller.close();
            // every read of the quota during the upgrade came through an agent (the old one's address, then the new one's)
            List<String> from = sim.journal().stream().filter(e -> e.path().contains("limits")).map(e -> e.from())
                    .distinct().toList();
            assertThat(from).as("addresses the quota reads came from").isNotEmpty()
                    .allSatisfy(a -> assertThat(a).startsWith("127.0.2."));
            System.out.println("BENCHMARK upgrade of a " + size + "-node gateway: " + caller.ok.get() + " calls made during it, "
                    + caller.failed.size() + " failed, slowest " + caller.slowest.get() / 1_000_000 + " ms");
            assertThat(caller.failed).as("calls failed during the upgrade").isEmpty();
            assertThat(caller.ok.get()).isPositive();
            if (size == 1) {
                // while the only node was replaced, calls waited for its new agent
                assertThat(Duration.ofNanos(caller.slowest.get())).isGreaterThan(Duration.ofMillis(300));
            }
        }
        g = gateway(name);
        assertThat(g.get("status").asString()).isEqualTo("Running");
        assertThat(g.get("version").asString()).isEqualTo(GatewayAgent.VERSION);
        assertThat(g.get("upgradeAvailable").asBoolean()).isFalse();
        assertThat(g.get("nodes")).hasSize(size).allSatisfy(n -> {
            assertThat(n.get("agentVersion").asString()).isEqualTo(GatewayAgent.VERSION);
            assertThat(n.get("status").asString()).isEqualTo("Connected");
        });
        assertThat(api.get("/api/v1/gateways/" + name + "/events", KEY).body()).contains("Replacing node")
                .contains("Upgrade to " + GatewayAgent.VERSION + " done");

        assertThat(api.call("DELETE", "/api/v1/gateways/" + name, KEY, null).status()).isEqualTo(204);
        drive(id(name));
    }

    @Test
    void upgrading_three_nodes_replaces_them_one_at_a_time_without_a_failed_call() throws Exception {
        SimSnapshot before = sim.snapshot();
        upgradeWhileCalling("gw-upgrade-three", 3);
        assertThat(before.diff(sim.snapshot()).created()).as("left in the cloud").isEmpty();
    }

    @Test
    void upgrading_one_node_makes_calls_wait_for_the_new_agent_instead_of_failing() throws Exception {
        SimSnapshot before = sim.snapshot();
        upgradeWhileCalling("gw-upgrade-one", 1);
        assertThat(before.diff(sim.snapshot()).created()).as("left in the cloud").isEmpty();
    }

    @Test
    void edit_and_redeploy_rolls_the_nodes_onto_the_new_settings_one_at_a_time() throws Exception {
        Api.Response r = api.post("/api/v1/gateways", KEY, registration("gw-rolled",
                "{\"type\":\"static\",\"network\":\"private\",\"subnet\":\"private-subnet\"}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = id("gw-rolled");
        drive(id);
        String prefix = "spgw-" + jdbc.sql("select uid from gateway where id = ?").param(id).query(String.class).single()
                .substring(0, 8);
        String before = servers(prefix).getFirst().id();

        Api.Response redeployed = api.call("PUT", "/api/v1/gateways/gw-rolled", KEY, registration("gw-rolled",
                "{\"type\":\"static\",\"network\":\"private\",\"subnet\":\"private-subnet\"}")
                .replace("http://proxy.internal:3128", "http://proxy2.internal:3128").replace("\"password\":\"demo\"", "\"password\":\"\""));
        assertThat(redeployed.status()).as(redeployed.body()).isEqualTo(200);
        assertThat(JSON.readTree(redeployed.body()).get("status").asString()).isEqualTo("Upgrading");
        drive(id);
        assertThat(gateway("gw-rolled").get("status").asString()).isEqualTo("Running");
        List<SimResource> now = servers(prefix);
        assertThat(now).hasSize(1);
        assertThat(now.getFirst().id()).as("the node was replaced").isNotEqualTo(before);
        assertThat(api.get("/api/v1/gateways/gw-rolled/events", KEY).body())
                .contains("Nodes replaced with the changed settings");
        assertThat(jdbc.sql("select settings from gateway where id = ?").param(id).query(String.class).single())
                .contains("proxy2.internal").doesNotContain("rollIds");

        assertThat(api.call("DELETE", "/api/v1/gateways/gw-rolled", KEY, null).status()).isEqualTo(204);
        drive(id);
    }
}
