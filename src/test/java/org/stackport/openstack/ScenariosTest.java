package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stackport.simulator.ManualClock;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimJournalEntry;
import org.stackport.simulator.SimSnapshot;
import org.stackport.simulator.SimulatorSettings;

/**
 * The eight scenarios of shared/openstack-simulator.md §3 at the adapter level, with a manual clock so that
 * nothing sleeps. Each starts from a fresh simulator and ends by proving nothing leaked.
 */
class ScenariosTest {

    ManualClock clock;
    OpenStackSimulator sim;
    CloudSessions sessions;
    ComputeApi compute;
    NetworkApi network;
    LoadBalancerApi lb;
    VolumeApi volumes;
    ImageApi images;
    CloudCredentials account;
    SimSnapshot baseline;
    Map<String, Integer> baselineQuota;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.now());
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        sessions = new CloudSessions(OpenStackProperties.defaults(), clock);
        compute = new ComputeApi(sessions);
        network = new NetworkApi(sessions);
        lb = new LoadBalancerApi(sessions);
        volumes = new VolumeApi(sessions);
        images = new ImageApi(sessions);
        account = new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "dev", "RegionOne", false, null);
        baseline = sim.snapshot();
        baselineQuota = quotaUse();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    Map<String, Integer> quotaUse() {
        return Map.of("instances", sim.quotaUsage("dev", "instances"), "cores", sim.quotaUsage("dev", "cores"),
                "port", sim.quotaUsage("dev", "port"), "network", sim.quotaUsage("dev", "network"),
                "volumes", sim.quotaUsage("dev", "volumes"), "gigabytes", sim.quotaUsage("dev", "gigabytes"),
                "loadbalancer", sim.quotaUsage("dev", "loadbalancer"));
    }

    void assertNothingLeaked() {
        SimSnapshot.Diff diff = baseline.diff(sim.snapshot());
        assertThat(diff.created()).as("left behind").isEmpty();
        assertThat(diff.deleted()).as("seed resources removed").isEmpty();
        assertThat(sim.orphans()).as("orphans").isEmpty();
        assertThat(quotaUse()).as("quota usage back to baseline").isEqualTo(baselineQuota);
    }

    void tick() {
        clock.advance(Duration.ofSeconds(2));
    }

    String flavor() {
        return compute.findFlavorByName(account, "m1.medium").orElseThrow().id();
    }

    String image() {
        return images.findByName(account, "ubuntu-22.04").orElseThrow().id();
    }

    /** Find by deterministic name first (adopt), create only when absent: the habit that survives ghosts. */
    String ensureServer(ServerSpec spec) {
        return compute.findServerByName(account, spec.name()).map(ServerInfo::id)
                .orElseGet(() -> compute.createServer(account, spec));
    }

    /** Deletes and confirms by reading, as provisioning will; the simulator needs a clock step to finish. */
    void deleteUntilGone(java.util.function.BooleanSupplier delete) {
        for (int i = 0; i < 10 && !delete.getAsBoolean(); i++) {
            tick();
        }
    }

    @Test
    void a_cluster_shaped_set_of_resources_is_created_and_torn_down_with_zero_leaks() {
        var external = network.findExternalNetwork(account, "public").orElseThrow();
        var net = network.createNetwork(account, "c1-net");
        var subnet = network.createSubnet(account, new NetworkApi.SubnetSpec("c1-subnet", net.id(), "192.168.10.0/24", null, List.of("8.8.8.8")));
        var router = network.createRouter(account, "c1-router", external.id());
        network.addRouterInterface(account, router.id(), subnet.id());
        var sg = network.createSecurityGroup(account, "c1-nodes", "cluster nodes");
        network.addRule(account, sg.id(), new NetworkApi.RuleSpec("ingress", "IPv4", "tcp", 6443, 6443, "0.0.0.0/0", null));
        network.tag(account, NetworkApi.Taggable.NETWORK, net.id(), "stackport-cluster=c1");

        var balancer = lb.createLoadBalancer(account, "c1-api", subnet.id());
        tick();
        var listener = lb.createListener(account, balancer.id(), "c1-api-6443", "TCP", 6443);
        tick();
        var pool = lb.createPool(account, listener.id(), "c1-api-pool", "TCP", "ROUND_ROBIN");
        tick();

        var group = compute.createServerGroup(account, "c1-masters", "anti-affinity");
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(compute.createServer(account, ServerSpec.of("c1-master-" + i, flavor(), image())
                    .withNetworks(net.id()).withSecurityGroups("c1-nodes").withServerGroup(group.id())
                    .withAvailabilityZone("az" + (i + 1)).withBootVolume(20).withUserData("#cloud-config\n")));
        }
        tick();
        for (String id : servers) {
            ServerInfo s = compute.getServer(account, id).orElseThrow();
            assertThat(s.status()).isEqualTo("ACTIVE");
            lb.addMember(account, pool.id(), s.ips().getFirst(), 6443, subnet.id());
            tick();
        }
        var fip = network.createFloatingIp(account, external.id());
        network.associateFloatingIp(account, fip.id(), lb.loadBalancer(account, balancer.id()).vipPortId());
        assertThat(sim.inventory("volume")).hasSize(baseline.resources().stream().filter(r -> r.kind().equals("volume")).toList().size() + 3);

        // teardown in reverse order, each delete confirmed by reading
        deleteUntilGone(() -> network.deleteFloatingIp(account, fip.id()));
        deleteUntilGone(() -> lb.deleteLoadBalancer(account, balancer.id()));
        servers.forEach(id -> deleteUntilGone(() -> compute.deleteServer(account, id)));
        compute.deleteServerGroup(account, group.id());
        deleteUntilGone(() -> network.deleteSecurityGroup(account, sg.id()));
        network.removeRouterInterface(account, router.id(), subnet.id());
        deleteUntilGone(() -> network.deleteRouter(account, router.id()));
        deleteUntilGone(() -> network.deleteSubnet(account, subnet.id()));
        deleteUntilGone(() -> network.deleteNetwork(account, net.id()));

        assertNothingLeaked();
        List<SimJournalEntry> journal = sim.journal();
        for (SimJournalEntry delete : journal.stream().filter(e -> e.method().equals("DELETE") && e.status() < 300).toList()) {
            String path = delete.path();
            assertThat(journal.stream().anyMatch(e -> e.method().equals("GET") && e.path().equals(path) && e.status() == 404
                    && !e.at().isBefore(delete.at())))
                    .as("DELETE " + path + " confirmed by a 404").isTrue();
        }
    }

    @Test
    void the_nth_server_is_refused_by_quota_with_the_clouds_message_and_the_rest_rolls_back() {
        sim.setQuota("dev", "instances", 2);
        String net = network.findNetwork(account, "private").orElseThrow().id();
        List<String> made = new ArrayList<>();
        made.add(compute.createServer(account, ServerSpec.of("q-0", flavor(), image()).withNetworks(net)));
        made.add(compute.createServer(account, ServerSpec.of("q-1", flavor(), image()).withNetworks(net)));
        assertThatThrownBy(() -> compute.createServer(account, ServerSpec.of("q-2", flavor(), image()).withNetworks(net)))
                .isInstanceOfSatisfying(CloudFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(CloudFailure.Kind.QUOTA);
                    assertThat(f.status()).isEqualTo(403);
                    assertThat(f.getMessage()).contains("quota exceeded").contains("instances");
                });
        assertThat(compute.findServerByName(account, "q-2")).isEmpty();
        made.forEach(id -> deleteUntilGone(() -> compute.deleteServer(account, id)));
        assertNothingLeaked();
    }

    @Test
    void a_load_balancer_stuck_in_pending_update_is_busy_until_it_settles() {
        String subnet = network.findSubnet(account, network.findNetwork(account, "private").orElseThrow().id(), "private-subnet")
                .orElseThrow().id();
        var balancer = lb.createLoadBalancer(account, "stuck-lb", subnet);
        tick();
        sim.holdNextTransitions("loadbalancer", 1, Duration.ofMinutes(5));
        var listener = lb.createListener(account, balancer.id(), "stuck-listener", "TCP", 6443);
        tick();
        assertThat(lb.loadBalancer(account, balancer.id()).provisioningStatus()).isEqualTo("PENDING_UPDATE");
        assertThatThrownBy(() -> lb.createPool(account, listener.id(), "stuck-pool", "TCP", "ROUND_ROBIN"))
                .isInstanceOfSatisfying(CloudFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(CloudFailure.Kind.BUSY);
                    assertThat(f.kind().retryable()).isTrue();
                    assertThat(f.cloudMessage()).contains("immutable");
                });
        clock.advance(Duration.ofMinutes(6));
        assertThat(lb.loadBalancer(account, balancer.id()).provisioningStatus()).isEqualTo("ACTIVE");
        lb.createPool(account, listener.id(), "stuck-pool", "TCP", "ROUND_ROBIN");
        tick();
        deleteUntilGone(() -> lb.deleteLoadBalancer(account, balancer.id()));
        assertNothingLeaked();
    }

    @Test
    void a_delete_answered_503_is_not_taken_for_done_and_the_retry_finishes_it() {
        String net = network.findNetwork(account, "private").orElseThrow().id();
        String id = compute.createServer(account, ServerSpec.of("d-0", flavor(), image()).withNetworks(net));
        tick();
        sim.failNext("DELETE", "/compute/v2.1/servers/{id}", 1, 503);
        assertThat(compute.deleteServer(account, id)).as("gone after a 503?").isFalse();
        assertThat(compute.getServer(account, id)).isPresent();
        deleteUntilGone(() -> compute.deleteServer(account, id));
        assertThat(compute.getServer(account, id)).isEmpty();
        assertNothingLeaked();
    }

    @Test
    void an_expired_or_revoked_token_is_renewed_without_the_caller_noticing() {
        String net = network.findNetwork(account, "private").orElseThrow().id();
        String id = compute.createServer(account, ServerSpec.of("t-0", flavor(), image()).withNetworks(net));
        clock.advance(Duration.ofMinutes(58));
        assertThat(compute.getServer(account, id)).isPresent();
        sim.revokeAllTokens();
        assertThat(compute.getServer(account, id)).as("after revocation").isPresent();
        deleteUntilGone(() -> compute.deleteServer(account, id));
        assertNothingLeaked();
    }

    @Test
    void a_ghost_create_leaves_exactly_one_server_thanks_to_deterministic_names() {
        String net = network.findNetwork(account, "private").orElseThrow().id();
        ServerSpec spec = ServerSpec.of("ghost-0", flavor(), image()).withNetworks(net);
        sim.ghost("POST", "/compute/v2.1/servers", 1);
        assertThatThrownBy(() -> ensureServer(spec)).isInstanceOfSatisfying(CloudFailure.class,
                f -> assertThat(f.kind().retryable()).isTrue());
        String id = ensureServer(spec);
        assertThat(compute.serversNamed(account, "ghost-0")).extracting(ServerInfo::id).containsExactly(id);
        deleteUntilGone(() -> compute.deleteServer(account, id));
        assertNothingLeaked();
    }

    @Test
    void a_server_in_error_shows_the_fault_and_its_ports_and_volumes_are_cleaned() {
        String net = network.findNetwork(account, "private").orElseThrow().id();
        sim.failNextServers(1, "No valid host was found. There are not enough hosts available.");
        String id = compute.createServer(account, ServerSpec.of("e-0", flavor(), image()).withNetworks(net).withBootVolume(20));
        tick();
        ServerInfo failed = compute.getServer(account, id).orElseThrow();
        assertThat(failed.status()).isEqualTo("ERROR");
        assertThat(failed.faultMessage()).contains("No valid host was found");
        deleteUntilGone(() -> compute.deleteServer(account, id));
        assertNothingLeaked();
    }

    @Test
    void a_catalog_without_the_load_balancer_service_gives_a_clear_error() {
        sim.omitFromCatalog("load-balancer");
        assertThatThrownBy(() -> lb.loadBalancers(account)).isInstanceOfSatisfying(CloudFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(CloudFailure.Kind.UNAVAILABLE);
            assertThat(f.getMessage()).contains("no 'load-balancer' service");
        });
        assertNothingLeaked();
    }
}
