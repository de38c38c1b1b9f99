package org.stackport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.cluster.ClusterSpec;
import org.stackport.provisioning.ProvisioningEngine;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimSnapshot;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;
import org.stackport.tunnel.AgentInfo;
import org.stackport.tunnel.GatewayAgent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agent gateways against the real console: real agents (the same class {@code java -jar stackport.jar gateway agent}
 * runs) dial the console's WebSocket, and the cloud account's calls, a cluster's deploy and its Kubernetes API all go
 * through them to the embedded OpenStack.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class GatewayAgentIT {

    static final String KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROFILE = "gw-agent-profile";

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayTunnels tunnels;
    @Autowired
    ProvisioningEngine engine;
    @Autowired
    GatewayService service;

    Api api;
    OpenStackSimulator sim;
    final List<GatewayAgent> agents = new ArrayList<>();
    final List<String> agentLog = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        api = new Api(port);
        sim = launcher.simulator();
        sim.clearFaults();
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(GatewayAgent::close);
        agents.clear();
    }

    // ---- helpers

    String registration(String name) {
        return """
                {"name":"%s","cloudType":"openstack","size":1,"shareAcrossProjects":true,
                 "openstack":{"identityEndpoint":"%s","username":"demo","password":"demo","domain":"Default","region":"RegionOne",
                   "project":"dev","placement":{"type":"static","network":"private","subnet":"private-subnet"},
                   "availabilityZone":"az1"},
                 "podCidr":"192.168.0.0/16","serviceCidr":"10.96.0.0/12"}"""
                .formatted(name, sim.identityEndpoint());
    }

    /** Registers an agent gateway; returns its token (shown in this answer only). */
    String register(String name) {
        Api.Response r = api.post("/api/v1/gateways", KEY, registration(name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode g = JSON.readTree(r.body());
        assertThat(g.get("mode").asString()).isEqualTo("agent");
        assertThat(g.get("status").asString()).isEqualTo("Installing");
        return g.get("agentToken").asString();
    }

    GatewayAgent agent(String token, String node) {
        GatewayAgent a = GatewayAgent.start(new GatewayAgent.Options(URI.create("http://localhost:" + port), token,
                new AgentInfo(node, "10.0.0." + (agents.size() + 10), "az" + (agents.size() % 3 + 1), GatewayAgent.VERSION),
                Duration.ofMillis(300), null, agentLog::add));
        agents.add(a);
        return a;
    }

    static GatewayAgent connected(GatewayAgent a) throws InterruptedException {
        assertThat(a.awaitConnected(Duration.ofSeconds(20))).as("agent connected").isTrue();
        return a;
    }

    JsonNode gateway(String name) {
        Api.Response r = api.get("/api/v1/gateways/" + name, KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    long gatewayId(String name) {
        return jdbc.sql("select id from gateway where name = ?").param(name).query(Long.class).single();
    }

    void eventually(Runnable check) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(20);
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (Instant.now().isAfter(end)) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    String events(String name) {
        return api.get("/api/v1/gateways/" + name + "/events", KEY).body();
    }

    // ---- the tests

    @Test
    void an_agent_gateway_is_installing_until_its_agent_connects_then_its_account_reaches_the_cloud_through_it(
            CapturedOutput output) throws Exception {
        String token = register("gw-agent-one");
        assertThat(token).startsWith("spgw_").hasSizeGreaterThan(40);
        assertThat(gateway("gw-agent-one").has("agentToken")).as("the token is shown once").isFalse();
        assertThat(gateway("gw-agent-one").get("statusDetail").asString()).contains("waiting for a gateway agent");

        GatewayAgent agent = connected(agent(token, "gw-agent-one-node-1"));
        eventually(() -> assertThat(gateway("gw-agent-one").get("status").asString()).isEqualTo("Running"));
        JsonNode g = gateway("gw-agent-one");
        assertThat(g.get("agentVersion").asString()).isEqualTo(GatewayAgent.VERSION);
        assertThat(g.get("upgradeAvailable").asBoolean()).isFalse();
        assertThat(g.get("nodes")).hasSize(1);
        JsonNode node = g.get("nodes").get(0);
        assertThat(node.get("name").asString()).isEqualTo("gw-agent-one-node-1");
        assertThat(node.get("address").asString()).isEqualTo("10.0.0.10");
        assertThat(node.get("availabilityZone").asString()).isEqualTo("az1");
        assertThat(node.get("status").asString()).isEqualTo("Connected");
        assertThat(node.get("lastHeartbeat").isNull()).isFalse();

        // the account's calls now go through the agent: every one is a connection the agent carried
        long before = agent.relayed();
        Api.Response inventory = api.get("/api/v1/cloud-accounts/gw-agent-one/inventory", KEY);
        assertThat(inventory.status()).as(inventory.body()).isEqualTo(200);
        assertThat(inventory.body()).contains("private-subnet");
        Api.Response quota = api.get("/api/v1/cloud-accounts/gw-agent-one/quota", KEY);
        assertThat(quota.body()).doesNotContain("\"unavailable\"");
        assertThat(agent.relayed()).as("connections carried by the agent").isGreaterThan(before);
        URI keystone = URI.create(sim.identityEndpoint());
        assertThat(tunnels.allowList(gatewayId("gw-agent-one")))
                .contains(keystone.getHost() + ":" + keystone.getPort());

        // the agent goes: the gateway is Unhealthy naming the node, and calls fail at once with that reason
        agent.close();
        eventually(() -> assertThat(gateway("gw-agent-one").get("status").asString()).isEqualTo("Unhealthy"));
        assertThat(gateway("gw-agent-one").get("statusDetail").asString()).contains("no gateway agent is connected")
                .contains("gw-agent-one-node-1");
        assertThat(gateway("gw-agent-one").get("nodes").get(0).get("status").asString()).isEqualTo("Lost");
        assertThat(events("gw-agent-one")).contains("Lost the agent on node gw-agent-one-node-1");
        long t0 = System.nanoTime();
        Api.Response refused = api.get("/api/v1/cloud-accounts/gw-agent-one/quota", KEY);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("fails fast").isLessThan(Duration.ofSeconds(5));
        // the quota page shows each area it could not read with the reason
        assertThat(refused.body()).contains("gateway 'gw-agent-one' has no connected agent");

        // a new agent with the same token brings it back
        connected(agent(token, "gw-agent-one-node-1"));
        eventually(() -> assertThat(gateway("gw-agent-one").get("status").asString()).isEqualTo("Running"));
        Api.Response again = api.get("/api/v1/cloud-accounts/gw-agent-one/quota", KEY);
        assertThat(again.body()).doesNotContain("\"unavailable\"");

        assertThat(output.getAll()).as("the token is never logged").doesNotContain(token);
        assertThat(org.stackport.support.RunAs.admin(() -> service.details("gw-agent-one")).settings())
                .as("the gateway's page shows no secret").doesNotContainKey("agentTokenSecret")
                .allSatisfy((k, v) -> assertThat(String.valueOf(v)).doesNotContain(token));
        assertThat(String.join("\n", agentLog)).doesNotContain(token);
        assertThat(api.get("/api/v1/audit?limit=1000", KEY).body()).doesNotContain(token);
    }

    @Test
    void a_wrong_or_replaced_token_cannot_connect_and_the_refusal_is_audited() throws Exception {
        String token = register("gw-agent-token");
        GatewayAgent wrong = agent(token + "x", "intruder");
        assertThat(wrong.awaitConnected(Duration.ofSeconds(2))).isFalse();
        eventually(() -> assertThat(String.join("\n", agentLog)).contains("refused the gateway token"));
        assertThat(api.get("/api/v1/audit?limit=50", KEY).body()).contains("gateway.agent.connect");

        GatewayAgent first = connected(agent(token, "gw-agent-token-node-1"));
        Api.Response rotated = api.post("/api/v1/gateways/gw-agent-token/agent-token", KEY, "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String fresh = JSON.readTree(rotated.body()).get("agentToken").asString();
        assertThat(fresh).isNotEqualTo(token);
        // the agent with the old token is disconnected and cannot come back
        eventually(() -> assertThat(first.connected()).isFalse());
        Thread.sleep(1500);
        assertThat(first.connected()).isFalse();
        connected(agent(fresh, "gw-agent-token-node-1"));
        assertThat(events("gw-agent-token")).contains("Agent token replaced");
    }

    @Test
    void the_agent_refuses_a_destination_outside_its_allow_list_and_so_does_the_console() throws Exception {
        String token = register("gw-agent-allow");
        GatewayAgent agent = connected(agent(token, "gw-agent-allow-node-1"));
        long id = gatewayId("gw-agent-allow");
        eventually(() -> assertThat(tunnels.linksOf(id)).hasSize(1));

        // asked directly over the link (as a console that skipped its own check would): the agent refuses
        GatewayTunnels.Link link = tunnels.linksOf(id).get(0);
        assertThatThrownBy(() -> link.mux.open("127.0.0.1", port, 5000)).isInstanceOf(IOException.class)
                .hasMessageContaining("not in the gateway's allow-list");
        assertThat(agent.refused()).isEqualTo(1);
        assertThat(agent.relayed()).isZero();
        // the console's own check refuses first, and both are audited
        assertThatThrownBy(() -> tunnels.open(id, "10.9.9.9", 22)).isInstanceOf(IOException.class)
                .hasMessageContaining("allow-list");
        eventually(() -> assertThat(api.get("/api/v1/audit?limit=50", KEY).body()).contains("gateway.tunnel.refused")
                .contains("127.0.0.1:" + port).contains("10.9.9.9:22"));
    }

    @Test
    void three_agents_share_the_connections_and_losing_one_loses_no_call() throws Exception {
        String token = register("gw-agent-three");
        List<GatewayAgent> three = List.of(connected(agent(token, "gw-three-a")), connected(agent(token, "gw-three-b")),
                connected(agent(token, "gw-three-c")));
        eventually(() -> assertThat(gateway("gw-agent-three").get("nodes")).hasSize(3));
        assertThat(api.get("/api/v1/cloud-accounts/gw-agent-three/quota", KEY).body()).doesNotContain("\"unavailable\"");
        // new connections are spread over the agents in turn (okhttp keeps its connections, so they are opened here)
        URI keystone = URI.create(sim.identityEndpoint());
        long id = gatewayId("gw-agent-three");
        List<org.stackport.tunnel.TunnelStream> opened = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            opened.add(tunnels.open(id, keystone.getHost(), keystone.getPort()));
        }
        opened.forEach(org.stackport.tunnel.TunnelStream::close);
        assertThat(three).allSatisfy(a -> assertThat(a.relayed()).as(a.info().node()).isGreaterThanOrEqualTo(2));

        three.get(1).close();
        int failed = 0;
        for (int i = 0; i < 20; i++) {
            Api.Response r = api.get("/api/v1/cloud-accounts/gw-agent-three/quota", KEY);
            if (r.status() != 200 || r.body().contains("\"unavailable\"")) {
                failed++;
            }
        }
        assertThat(failed).as("calls failed after one of three agents went").isZero();
        eventually(() -> assertThat(events("gw-agent-three")).contains("Lost the agent on node gw-three-b"));
        assertThat(gateway("gw-agent-three").get("status").asString()).isEqualTo("Running");
    }

    @Test
    void a_cluster_deploys_runs_and_deletes_through_an_agent_gateway_with_nothing_left() throws Exception {
        String token = register("gw-agent-cluster");
        GatewayAgent agent = connected(agent(token, "gw-agent-cluster-node-1"));
        eventually(() -> assertThat(gateway("gw-agent-cluster").get("status").asString()).isEqualTo("Running"));
        if (api.get("/api/v1/cluster-profiles/" + PROFILE, KEY).status() != 200) {
            Api.Response r = api.post("/api/v1/cluster-profiles", KEY, org.stackport.cluster.ProfileFixture.body(api, KEY, PROFILE));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        sim.setQuota("dev", "security_group", 40);
        sim.setQuota("dev", "security_group_rule", 400);
        SimSnapshot before = sim.snapshot();
        ClusterSpec spec = new ClusterSpec("gw-agent-cluster-1", "through an agent", List.of(), PROFILE, Map.of(),
                "gw-agent-cluster",
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "private", "private-subnet",
                        null, null),
                new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m1.small", List.of("az1"), 20),
                List.of(new ClusterSpec.WorkerPool("workers", 1, new ClusterSpec.Autoscaler(false, null, null),
                        "expand-first", Map.of(), List.of(), "m1.small", List.of("az2"), 20)),
                new ClusterSpec.Policies(false, false, null, null));
        Api.Response created = api.post("/api/v1/projects/default/clusters", KEY, JSON.writeValueAsString(spec));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        long id = jdbc.sql("select id from cluster where name = ? and live_name is not null").param(spec.name())
                .query(Long.class).single();
        long carried = agent.relayed();
        assertThat(drive(id)).as(engine.events(id).toString()).isEqualTo("Running");
        assertThat(agent.relayed()).as("the deploy's connections went through the agent").isGreaterThan(carried);
        JsonNode cluster = JSON.readTree(api.get("/api/v1/projects/default/clusters/" + spec.name(), KEY).body());
        String endpoint = cluster.get("controlPlaneEndpoint").asString();
        assertThat(tunnels.allowList(gatewayId("gw-agent-cluster"))).as("the cluster's API is allowed").contains(endpoint);
        assertThat(agent.relayedTo(endpoint)).as("the Kubernetes client reached the cluster through the agent").isPositive();

        assertThat(api.call("DELETE", "/api/v1/projects/default/clusters/" + spec.name(), KEY, null).status()).isEqualTo(202);
        assertThat(drive(id)).as(engine.events(id).toString()).isEqualTo("Deleted");
        assertThat(before.diff(sim.snapshot()).created()).as("left in the cloud").isEmpty();
        assertThat(sim.orphans()).isEmpty();
    }

    String drive(long id) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(end)) {
            Optional<Instant> next = engine.pass(id);
            if (next.isEmpty()) {
                return jdbc.sql("select status from cluster where id = ?").param(id).query(String.class).single();
            }
            long ms = Duration.between(Instant.now(), next.get()).toMillis();
            if (ms > 0) {
                Thread.sleep(Math.min(ms, 1000));
            }
        }
        throw new AssertionError("not at rest after 2 minutes: " + engine.events(id));
    }
}
