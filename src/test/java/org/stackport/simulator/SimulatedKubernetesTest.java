package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackport.provisioning.bootstrap.ClusterPki;
import tools.jackson.databind.JsonNode;

/**
 * The simulator plays the machines: servers whose user data Stackport's renderer wrote run kubeadm init and join,
 * and the cluster's API answers over TLS on the floating IP of its load balancer, with client certificates of its CA.
 */
class SimulatedKubernetesTest {

    ManualClock clock;
    OpenStackSimulator sim;
    KubeWorld w;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.now());
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        w = new KubeWorld(sim, clock, "demo").network();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void floating_ips_come_from_a_loopback_range_of_this_simulator() {
        assertThat(sim.floatingIpRange()).startsWith("127.").endsWith(".0/24");
        assertThat(w.fipAddress).startsWith(sim.floatingIpRange().substring(0, sim.floatingIpRange().lastIndexOf('.') + 1));
    }

    @Test
    void control_plane_and_workers_become_ready_nodes_of_an_api_served_over_tls_on_the_floating_ip() throws Exception {
        w.controlPlane("demo", "demo-master-0");
        w.worker("demo-workers-0", w.cluster("demo"));
        w.worker("demo-workers-1", w.cluster("demo"));
        w.settle();

        SimKubeCluster cluster = sim.kubernetes("demo");
        assertThat(cluster.kubernetesVersion()).isEqualTo("v" + KubeWorld.VERSION);
        assertThat(cluster.apiEndpoints()).containsExactly(w.fipAddress + ":6443");
        assertThat(cluster.caCertHash()).isEqualTo(w.pki.caCertHash());
        assertThat(cluster.nodes()).extracting(SimKubeCluster.Node::name)
                .containsExactlyInAnyOrder("demo-master-0", "demo-workers-0", "demo-workers-1");

        HttpClient http = HttpClient.newBuilder().sslContext(w.tls(w.pki)).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> ready = http.send(get("/readyz"), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ok");
        JsonNode version = SimClient.JSON.readTree(http.send(get("/version"), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(version.get("gitVersion").asString()).isEqualTo("v" + KubeWorld.VERSION);

        w.settle();
        JsonNode nodes = SimClient.JSON.readTree(http.send(get("/api/v1/nodes"), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(nodes.get("kind").asString()).isEqualTo("NodeList");
        assertThat(nodes.get("items")).hasSize(3).allSatisfy(n -> {
            assertThat(readyCondition(n)).isEqualTo("True");
            assertThat(n.at("/status/nodeInfo/kubeletVersion").asString()).isEqualTo("v" + KubeWorld.VERSION);
        });
        JsonNode master = SimClient.JSON.readTree(http.send(get("/api/v1/nodes/demo-master-0"), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(master.at("/metadata/labels").has("node-role.kubernetes.io/control-plane")).isTrue();
        assertThat(master.at("/metadata").has("namespace")).as("a node is cluster-scoped").isFalse();
        assertThat(master.at("/spec/taints/0/key").asString()).isEqualTo("node-role.kubernetes.io/control-plane");
        assertThat(master.at("/status/addresses/0/address").asString()).isEqualTo(w.cpAddress);
        JsonNode worker = SimClient.JSON.readTree(http.send(get("/api/v1/nodes/demo-workers-0"), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(worker.at("/metadata/labels/stackport.io~1pool").asString()).isEqualTo("workers");
    }

    @Test
    void nodes_are_not_ready_until_their_kubelet_is_and_a_faulty_one_never_is() {
        sim.kubeNodeNeverReady("demo-workers-1", "PLEG is not healthy: pleg was last seen active 3m0s ago");
        w.controlPlane("demo", "demo-master-0");
        w.worker("demo-workers-0", w.cluster("demo"));
        w.worker("demo-workers-1", w.cluster("demo"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(sim.kubernetes("demo").nodes()).hasSize(3).noneMatch(SimKubeCluster.Node::ready);
        clock.advance(Duration.ofSeconds(1));
        assertThat(sim.kubernetes("demo").nodes()).filteredOn(SimKubeCluster.Node::ready).extracting(SimKubeCluster.Node::name)
                .containsExactlyInAnyOrder("demo-master-0", "demo-workers-0");
    }

    @Test
    void a_foreign_client_certificate_is_refused() throws Exception {
        w.controlPlane("demo", "demo-master-0");
        w.settle();
        ClusterPki foreign = ClusterPki.generate("other", Clock.systemUTC());
        HttpClient http = HttpClient.newBuilder().sslContext(w.tls(foreign)).connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> http.send(get("/readyz"), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void a_worker_pinning_another_ca_or_bringing_an_unknown_token_never_joins() {
        w.controlPlane("demo", "demo-master-0");
        w.worker("demo-workers-0", w.cluster("demo", ClusterPki.generate("impostor", Clock.systemUTC())));
        w.settle();
        clock.advance(Duration.ofMinutes(10));
        assertThat(sim.kubernetes("demo").nodes()).extracting(SimKubeCluster.Node::name).containsExactly("demo-master-0");
        assertThat(sim.machines()).filteredOn(m -> m.serverName().equals("demo-workers-0")).singleElement()
                .satisfies(m -> {
                    assertThat(m.state()).isEqualTo("failed");
                    assertThat(m.message()).contains("none of the public keys").contains(w.pki.caCertHash());
                });
    }

    @Test
    void a_refused_join_and_an_unreachable_api_leave_no_node() {
        w.controlPlane("demo", "demo-master-0");
        w.settle();
        sim.refuseKubeJoin("demo-workers-0", "error execution phase kubelet-start: timed out waiting for the condition");
        sim.kubeApiUnreachable("demo", true);
        assertThat(sim.kubernetes("demo").apiEndpoints()).isEmpty();
        assertThat(connects(w.fipAddress)).isFalse();
        w.worker("demo-workers-0", w.cluster("demo"));
        w.worker("demo-workers-1", w.cluster("demo"));
        w.settle();
        assertThat(sim.machines()).filteredOn(m -> m.serverName().equals("demo-workers-1")).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo("waiting"));
        clock.advance(Duration.ofMinutes(6));
        assertThat(sim.machines()).filteredOn(m -> m.serverName().startsWith("demo-workers")).extracting(SimMachine::state)
                .containsOnly("failed");
        sim.kubeApiUnreachable("demo", false);
        assertThat(connects(w.fipAddress)).isTrue();
        assertThat(sim.kubernetes("demo").nodes()).extracting(SimKubeCluster.Node::name).containsExactly("demo-master-0");
    }

    @Test
    void deleting_servers_removes_their_nodes_and_the_api_goes_with_its_floating_ip_and_control_plane() {
        String cp = w.controlPlane("demo", "demo-master-0");
        String worker = w.worker("demo-workers-0", w.cluster("demo"));
        w.settle();
        assertThat(sim.kubernetes("demo").nodes()).hasSize(2);
        w.delete("/compute/v2.1/servers/" + worker);
        w.settle();
        assertThat(sim.kubernetes("demo").nodes()).extracting(SimKubeCluster.Node::name).containsExactly("demo-master-0");

        w.delete("/network/v2.0/floatingips/" + w.fipId);
        assertThat(sim.kubernetes("demo").apiEndpoints()).isEmpty();
        assertThat(connects(w.fipAddress)).isFalse();
        w.delete("/compute/v2.1/servers/" + cp);
        w.settle();
        assertThat(sim.kubernetes()).isEmpty();
    }

    @Test
    void closing_the_simulator_closes_every_api_listener() {
        w.controlPlane("demo", "demo-master-0");
        w.settle();
        assertThat(connects(w.fipAddress)).isTrue();
        sim.close();
        assertThat(connects(w.fipAddress)).isFalse();
    }

    @Test
    void kubectl_lists_the_nodes_ready_with_their_version(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not on PATH");
        w.controlPlane("demo", "demo-master-0");
        w.worker("demo-workers-0", w.cluster("demo"));
        w.worker("demo-workers-1", w.cluster("demo"));
        w.settle();
        w.settle();
        Path config = dir.resolve("kubeconfig");
        Files.writeString(config, w.kubeconfig());
        String out = kubectl(config, "get", "nodes");
        assertThat(out.lines().skip(1).toList()).hasSize(3).allSatisfy(line ->
                assertThat(line).contains(" Ready ").contains("v" + KubeWorld.VERSION));
        assertThat(out).contains("demo-master-0").contains("control-plane").contains("demo-workers-0").contains("demo-workers-1");
    }

    static String readyCondition(JsonNode node) {
        for (JsonNode c : node.at("/status/conditions")) {
            if (c.get("type").asString().equals("Ready")) {
                return c.get("status").asString();
            }
        }
        return "";
    }

    HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("https://" + w.fipAddress + ":6443" + path)).timeout(Duration.ofSeconds(10)).build();
    }

    static boolean connects(String address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, 6443), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(java.io.File.pathSeparator)).stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    static String kubectl(Path config, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", config.toString(), "--request-timeout=10s"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
