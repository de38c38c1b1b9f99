package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.network.Agent;
import org.openstack4j.model.network.Resource;
import org.openstack4j.openstack.networking.domain.NeutronNetQuota;
import org.stackport.openstack.NetworkApi.PortSpec;
import org.stackport.openstack.NetworkApi.RuleSpec;
import org.stackport.openstack.NetworkApi.SubnetSpec;
import org.stackport.openstack.NetworkApi.Taggable;
import org.stackport.simulator.ManualClock;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimJournalEntry;
import org.stackport.simulator.SimOrphan;
import org.stackport.simulator.SimSnapshot;
import org.stackport.simulator.SimulatorSettings;
import org.stackport.simulator.internal.Neutron;
import org.stackport.simulator.internal.World;

/** openstack4j, through our adapter, against the simulator's Neutron: every route, its errors and its quotas. */
class NetworkContractTest {

    /** Every route template the journals of this class's simulators saw. */
    static final Set<String> routesSeen = new TreeSet<>();

    ManualClock clock;
    OpenStackSimulator sim;
    CloudSessions sessions;
    NetworkApi net;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        sessions = new CloudSessions(OpenStackProperties.defaults(), clock);
        net = new NetworkApi(sessions);
    }

    @AfterEach
    void stop() throws Exception {
        settleJournal(sim);
        sim.journal().forEach(e -> routesSeen.add(e.route()));
        sim.close();
    }

    /**
     * The simulator journals a request just after writing its answer; one more round trip makes sure the
     * test's last call is in the journal.
     */
    static void settleJournal(OpenStackSimulator sim) throws Exception {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.identityEndpoint())).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
    }

    @AfterAll
    static void every_neutron_route_was_called_by_openstack4j() {
        org.stackport.simulator.internal.Router router = new org.stackport.simulator.internal.Router();
        new Neutron(new World(Clock.systemUTC(), SimulatorSettings.fast())).register(router);
        Set<String> served = router.routes().stream().map(org.stackport.simulator.internal.Router.Route::key)
                .collect(Collectors.toCollection(TreeSet::new));
        served.removeAll(routesSeen);
        // openstack4j has no call for Neutron's /extensions: SimulatorFidelityTest reads them over plain HTTP
        served.removeIf(route -> route.contains("/extensions"));
        // nor for the version document at the service's root: ServiceRootsTest reads it
        served.remove("GET /network");
        // nor for the v2.0 resource list and the quota defaults and .json forms: NeutronApiRoutesTest reads them
        served.remove("GET /network/v2.0");
        served.removeIf(route -> route.startsWith("GET /network/v2.0/quotas/{project_id}/default")
                || route.equals("GET /network/v2.0/quotas/{project_id}/details.json"));
        // nor for subnet pools at all: NeutronApiRoutesTest makes, uses, tags and deletes them
        served.removeIf(route -> route.contains("/subnetpools"));
        assertThat(served).as("Neutron routes no contract test called").isEmpty();
    }

    CloudCredentials demo() {
        return new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "dev", "RegionOne", false, null);
    }

    CloudCredentials admin() {
        return new CloudCredentials(sim.identityEndpoint(), "admin", "admin", "Default", "admin", "RegionOne", false, null);
    }

    OSClient.OSClientV3 os(CloudCredentials c) {
        return sessions.open(c).client();
    }

    static CloudFailure failure(Runnable call) {
        try {
            call.run();
        } catch (CloudFailure f) {
            return f;
        }
        return fail("expected a CloudFailure");
    }

    static String missing() {
        return UUID.randomUUID().toString();
    }

    // ---- seed, reads and lookups

    @Test
    void the_seed_world_has_the_external_network_public_and_the_private_network_of_dev() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo pub = net.findExternalNetwork(c, "public").orElseThrow();
        assertThat(pub.external()).isTrue();
        assertThat(pub.shared()).as("external, not shared, as in devstack").isFalse();
        NetworkApi.NetworkInfo priv = net.findNetwork(c, "private").orElseThrow();
        assertThat(priv.external()).isFalse();
        assertThat(priv.projectId()).isEqualTo(sim.projectId("dev"));
        assertThat(net.networks(c)).extracting(NetworkApi.NetworkInfo::name).containsExactlyInAnyOrder("public", "private");

        NetworkApi.SubnetInfo subnet = net.findSubnet(c, priv.id(), "private-subnet").orElseThrow();
        assertThat(subnet.cidr()).isEqualTo("10.0.0.0/16");
        assertThat(subnet.gatewayIp()).isEqualTo("10.0.0.1");
        assertThat(subnet.dnsServers()).isNotEmpty();
        assertThat(subnet.capacity()).isEqualTo(65533);
        assertThat(net.freeAddresses(c, subnet.id())).isEqualTo(65533);
        assertThat(priv.subnetIds()).containsExactly(subnet.id());
        assertThat(net.network(c, priv.id()).name()).isEqualTo("private");
        assertThat(net.subnet(c, subnet.id()).networkId()).isEqualTo(priv.id());
        // the external network's subnet is the admin's: a member sees the network, not its subnet (get_subnet policy);
        // its range is a loopback one of this simulator's own, so floating IPs are reachable from this machine
        assertThat(net.subnets(c, pub.id())).isEmpty();
        assertThat(net.subnets(admin(), pub.id())).extracting(NetworkApi.SubnetInfo::cidr)
                .containsExactly(sim.floatingIpRange());
        assertThat(sim.floatingIpRange()).startsWith("127.");
    }

    @Test
    void each_project_has_a_default_security_group_with_neutrons_four_rules_that_cannot_be_deleted() {
        CloudCredentials c = demo();
        NetworkApi.SecurityGroupInfo sg = net.findSecurityGroup(c, "default").orElseThrow();
        assertThat(sg.rules()).hasSize(4);
        assertThat(sg.rules()).filteredOn(r -> r.direction().equals("ingress")).allMatch(r -> sg.id().equals(r.remoteGroupId()));
        assertThat(net.securityGroups(c)).extracting(NetworkApi.SecurityGroupInfo::name).containsExactly("default");
        CloudFailure f = failure(() -> net.deleteSecurityGroup(c, sg.id()));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(f.cloudMessage()).isEqualTo("Insufficient rights for removing default security group.");
    }

    @Test
    void a_missing_object_is_not_found_and_deleting_it_again_counts_as_done() {
        CloudCredentials c = demo();
        String id = missing();
        for (Runnable read : List.<Runnable>of(() -> net.network(c, id), () -> net.subnet(c, id), () -> net.port(c, id),
                () -> net.router(c, id), () -> net.securityGroup(c, id), () -> net.floatingIp(c, id))) {
            CloudFailure f = failure(read);
            assertThat(f.kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);
            assertThat(f.status()).isEqualTo(404);
        }
        assertThat(net.deleteNetwork(c, id)).isTrue();
        assertThat(net.deleteSubnet(c, id)).isTrue();
        assertThat(net.deletePort(c, id)).isTrue();
        assertThat(net.deleteRouter(c, id)).isTrue();
        assertThat(net.deleteSecurityGroup(c, id)).isTrue();
        assertThat(net.deleteFloatingIp(c, id)).isTrue();
        assertThat(net.removeRouterInterface(c, id, id)).isFalse();
        CloudFailure tag = failure(() -> net.tag(c, Taggable.NETWORK, id, "x"));
        assertThat(tag.kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);
        assertThat(failure(() -> net.tags(c, Taggable.PORT, id)).kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);
        // openstack4j turns a 404 on a create into null: the adapter reports what was missing
        CloudFailure create = failure(() -> net.createSubnet(c, new SubnetSpec("s", id, "10.9.0.0/24", null, null)));
        assertThat(create.kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);
        assertThat(create.cloudMessage()).isEqualTo("network " + id + " not found");
    }

    @Test
    void another_projects_network_is_invisible_and_the_external_one_is_read_only_for_a_member() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo adminNet = net.createNetwork(admin(), "admin-only");
        assertThat(failure(() -> net.network(c, adminNet.id())).kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);
        NetworkApi.NetworkInfo pub = net.findNetwork(c, "public").orElseThrow();
        CloudFailure f = failure(() -> net.deleteNetwork(c, pub.id()));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.FORBIDDEN);
        assertThat(f.status()).isEqualTo(403);
        CloudFailure port = failure(() -> net.createPort(c, new PortSpec("on-public", pub.id(), null, null, null)));
        assertThat(port.kind()).isEqualTo(CloudFailure.Kind.FORBIDDEN);
        assertThat(port.cloudMessage()).isEqualTo("rule:create_port is disallowed by policy");
        assertThat(net.deleteNetwork(admin(), adminNet.id())).isTrue();
    }

    @Test
    void a_catalog_without_the_network_service_fails_in_plain_words_before_any_call() throws Exception {
        sim.omitFromCatalog("network");
        CloudFailure f = failure(() -> net.networks(demo()));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.UNAVAILABLE);
        assertThat(f.getMessage()).isEqualTo("OpenStack cannot list networks: "
                + "the cloud's service catalog has no 'network' service in region RegionOne");
        settleJournal(sim);
        assertThat(sim.journal()).noneMatch(e -> e.path().startsWith("/network"));
    }

    // ---- the full set, created and torn down

    @Test
    void a_network_subnet_router_security_group_port_and_floating_ip_set_is_torn_down_without_leaks() throws Exception {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo ext = net.findExternalNetwork(c, "public").orElseThrow();
        SimSnapshot before = sim.snapshot();
        List<SimOrphan> orphansBefore = sim.orphans();
        Map<String, NetworkApi.QuotaUsage> quotaBefore = net.quotaUsage(c);

        NetworkApi.NetworkInfo network = net.createNetwork(c, "c1-net");
        net.tag(c, Taggable.NETWORK, network.id(), "stackport-cluster=c1");
        NetworkApi.SubnetInfo subnet = net.createSubnet(c, new SubnetSpec("c1-subnet", network.id(), "10.10.0.0/24", null,
                List.of("1.1.1.1", "9.9.9.9")));
        net.tag(c, Taggable.SUBNET, subnet.id(), "stackport-cluster=c1");
        assertThat(subnet.gatewayIp()).isEqualTo("10.10.0.1");
        assertThat(subnet.dnsServers()).containsExactly("1.1.1.1", "9.9.9.9");
        NetworkApi.RouterInfo router = net.createRouter(c, "c1-router", ext.id());
        assertThat(router.externalNetworkId()).isEqualTo(ext.id());
        net.tag(c, Taggable.ROUTER, router.id(), "stackport-cluster=c1");
        NetworkApi.RouterInterfaceInfo itf = net.addRouterInterface(c, router.id(), subnet.id());
        assertThat(itf.subnetId()).isEqualTo(subnet.id());
        assertThat(net.routerInterfaces(c, router.id())).singleElement()
                .satisfies(p -> assertThat(p.address()).isEqualTo("10.10.0.1"));
        NetworkApi.SecurityGroupInfo sg = net.createSecurityGroup(c, "c1-nodes", "cluster c1 nodes");
        net.tag(c, Taggable.SECURITY_GROUP, sg.id(), "stackport-cluster=c1");
        assertThat(sg.rules()).hasSize(2).allMatch(r -> r.direction().equals("egress"));
        NetworkApi.RuleInfo ssh = net.addRule(c, sg.id(), RuleSpec.ingressTcp(22, "0.0.0.0/0"));
        assertThat(ssh.portMin()).isEqualTo(22);
        net.addRule(c, sg.id(), RuleSpec.ingressFromGroup(sg.id()));
        net.addRule(c, sg.id(), RuleSpec.ingressTcpRange(30000, 32767, "10.10.0.0/24"));
        NetworkApi.PortInfo port = net.createPort(c, new PortSpec("c1-node-0", network.id(), subnet.id(), null, List.of(sg.id())));
        net.tag(c, Taggable.PORT, port.id(), "stackport-cluster=c1");
        assertThat(port.address()).startsWith("10.10.0.");
        assertThat(port.securityGroupIds()).containsExactly(sg.id());
        NetworkApi.FloatingIpInfo fip = net.createFloatingIp(c, ext.id());
        net.tag(c, Taggable.FLOATING_IP, fip.id(), "stackport-cluster=c1");
        assertThat(fip.address()).startsWith(sim.floatingIpRange().substring(0, sim.floatingIpRange().lastIndexOf('.') + 1));
        NetworkApi.FloatingIpInfo associated = net.associateFloatingIp(c, fip.id(), port.id());
        assertThat(associated.portId()).isEqualTo(port.id());
        assertThat(associated.fixedAddress()).isEqualTo(port.address());
        assertThat(associated.status()).as("the L3 agent has not wired it yet").isEqualTo("DOWN");
        clock.advance(Duration.ofSeconds(1));
        assertThat(net.floatingIp(c, fip.id()).status()).isEqualTo("ACTIVE");

        Map<String, NetworkApi.QuotaUsage> quotaDuring = net.quotaUsage(c);
        assertThat(quotaDuring.get("network").used()).isEqualTo(quotaBefore.get("network").used() + 1);
        assertThat(quotaDuring.get("port").used()).isEqualTo(quotaBefore.get("port").used() + 2);
        assertThat(quotaDuring.get("security_group_rule").used()).isEqualTo(quotaBefore.get("security_group_rule").used() + 5);
        assertThat(quotaDuring.get("floatingip").used()).isEqualTo(quotaBefore.get("floatingip").used() + 1);
        assertThat(sim.orphans()).isEqualTo(orphansBefore);
        for (Taggable kind : Taggable.values()) {
            assertThat(net.tagged(c, kind, "stackport-cluster=c1")).as(kind.name()).hasSize(1);
        }

        int teardownStarts = sim.journal().size();
        assertThat(net.deleteFloatingIp(c, fip.id())).isTrue();
        assertThat(net.deletePort(c, port.id())).isTrue();
        assertThat(net.deleteSecurityGroup(c, sg.id())).isTrue();
        assertThat(net.removeRouterInterface(c, router.id(), subnet.id())).isTrue();
        assertThat(net.removeRouterInterface(c, router.id(), subnet.id())).as("already detached").isFalse();
        assertThat(net.deleteRouter(c, router.id())).isTrue();
        assertThat(net.deleteSubnet(c, subnet.id())).isTrue();
        assertThat(net.deleteNetwork(c, network.id())).isTrue();

        assertThat(before.diff(sim.snapshot()).isEmpty()).as("leaks: %s", before.diff(sim.snapshot())).isTrue();
        assertThat(sim.orphans()).isEqualTo(orphansBefore);
        assertThat(net.quotaUsage(c)).isEqualTo(quotaBefore);
        // every DELETE was confirmed by a read answered 404
        settleJournal(sim);
        List<SimJournalEntry> journal = sim.journal().subList(teardownStarts, sim.journal().size());
        assertThat(journal).filteredOn(e -> e.method().equals("DELETE")).hasSize(6).allSatisfy(d -> assertThat(journal)
                .anyMatch(x -> x.method().equals("GET") && x.path().equals(d.path()) && x.status() == 404));
    }

    // ---- Neutron's refusals

    @Test
    void a_network_with_ports_is_in_use_and_a_subnet_with_addresses_too() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo network = net.createNetwork(c, "busy-net");
        NetworkApi.SubnetInfo subnet = net.createSubnet(c, new SubnetSpec("busy-subnet", network.id(), "10.20.0.0/28", null, null));
        NetworkApi.PortInfo port = net.createPort(c, new PortSpec("busy-port", network.id(), null, null, List.of()));
        assertThat(net.freeAddresses(c, subnet.id())).isEqualTo(subnet.capacity() - 1);

        CloudFailure inUse = failure(() -> net.deleteNetwork(c, network.id()));
        assertThat(inUse.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.cloudMessage()).isEqualTo("Unable to complete operation on network " + network.id()
                + ". There are one or more ports still in use on the network.");
        CloudFailure subnetInUse = failure(() -> net.deleteSubnet(c, subnet.id()));
        assertThat(subnetInUse.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(subnetInUse.cloudMessage()).isEqualTo("Unable to complete operation on subnet " + subnet.id()
                + ": One or more ports have an IP allocation from this subnet.");

        assertThat(net.deletePort(c, port.id())).isTrue();
        // deleting the network takes its subnets with it, as in Neutron
        assertThat(net.deleteNetwork(c, network.id())).isTrue();
        assertThat(failure(() -> net.subnet(c, subnet.id())).kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);
    }

    @Test
    void a_router_with_interfaces_is_in_use_and_its_interface_port_cannot_be_deleted_directly() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo network = net.createNetwork(c, "r-net");
        NetworkApi.SubnetInfo subnet = net.createSubnet(c, new SubnetSpec("r-subnet", network.id(), "10.30.0.0/24", null, null));
        NetworkApi.RouterInfo router = net.createRouter(c, "r", null);
        assertThat(router.externalNetworkId()).isNull();
        NetworkApi.RouterInterfaceInfo itf = net.addRouterInterface(c, router.id(), subnet.id());

        CloudFailure routerInUse = failure(() -> net.deleteRouter(c, router.id()));
        assertThat(routerInUse.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(routerInUse.cloudMessage()).isEqualTo("Router " + router.id() + " still has ports");
        CloudFailure portInUse = failure(() -> net.deletePort(c, itf.portId()));
        assertThat(portInUse.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(portInUse.cloudMessage()).contains("cannot be deleted directly via the port API");
        CloudFailure twice = failure(() -> net.addRouterInterface(c, router.id(), subnet.id()));
        assertThat(twice.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(twice.cloudMessage()).isEqualTo("Bad router request: Router already has a port on subnet " + subnet.id() + ".");
        CloudFailure notExternal = failure(() -> net.createRouter(c, "r2", network.id()));
        assertThat(notExternal.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(notExternal.cloudMessage()).contains("is not an external network");
        assertThat(net.findRouter(c, "r2")).isEmpty();

        assertThat(net.removeRouterInterface(c, router.id(), subnet.id())).isTrue();
        assertThat(net.deleteRouter(c, router.id())).isTrue();
        assertThat(net.deleteNetwork(c, network.id())).isTrue();
    }

    @Test
    void overlapping_subnets_and_invalid_cidrs_are_refused_with_400() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo network = net.createNetwork(c, "o-net");
        net.createSubnet(c, new SubnetSpec("a", network.id(), "10.40.0.0/16", null, null));
        CloudFailure overlap = failure(() -> net.createSubnet(c, new SubnetSpec("b", network.id(), "10.40.3.0/24", null, null)));
        assertThat(overlap.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(overlap.status()).isEqualTo(400);
        assertThat(overlap.cloudMessage()).isEqualTo("Invalid input for operation: Requested subnet with cidr: 10.40.3.0/24 for network: "
                + network.id() + " overlaps with another subnet.");
        for (String bad : List.of("10.40.0/33", "banana/24", "300.1.1.0/24", "10.41.0.5/24")) {
            CloudFailure f = failure(() -> net.createSubnet(c, new SubnetSpec("bad", network.id(), bad, null, null)));
            assertThat(f.kind()).as(bad).isEqualTo(CloudFailure.Kind.INVALID);
            assertThat(f.cloudMessage()).as(bad).startsWith("Invalid input for cidr.");
        }
        CloudFailure gateway = failure(() -> net.createSubnet(c, new SubnetSpec("g", network.id(), "10.42.0.0/24", "10.99.0.1", null)));
        assertThat(gateway.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(net.subnets(c, network.id())).hasSize(1);
        assertThat(net.deleteNetwork(c, network.id())).isTrue();
    }

    @Test
    void a_security_group_used_by_a_port_is_in_use_and_a_duplicate_rule_exists_already() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo priv = net.findNetwork(c, "private").orElseThrow();
        NetworkApi.SecurityGroupInfo sg = net.createSecurityGroup(c, "web", null);
        NetworkApi.RuleInfo http = net.addRule(c, sg.id(), RuleSpec.ingressTcp(80, "0.0.0.0/0"));
        CloudFailure duplicate = failure(() -> net.addRule(c, sg.id(), RuleSpec.ingressTcp(80, "0.0.0.0/0")));
        assertThat(duplicate.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(duplicate.cloudMessage()).isEqualTo("Security group rule already exists. Rule id is " + http.id() + ".");
        CloudFailure badRange = failure(() -> net.addRule(c, sg.id(), RuleSpec.ingressTcpRange(90, 80, "0.0.0.0/0")));
        assertThat(badRange.kind()).isEqualTo(CloudFailure.Kind.INVALID);

        NetworkApi.PortInfo port = net.createPort(c, new PortSpec("web-0", priv.id(), null, null, List.of(sg.id())));
        CloudFailure inUse = failure(() -> net.deleteSecurityGroup(c, sg.id()));
        assertThat(inUse.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.cloudMessage()).isEqualTo("Security Group " + sg.id() + " in use.");

        assertThat(net.deleteRule(c, http.id())).isTrue();
        assertThat(net.securityGroup(c, sg.id()).rules()).noneMatch(r -> r.id().equals(http.id()));
        assertThat(net.deleteRule(c, http.id())).as("already gone").isTrue();
        assertThat(net.deletePort(c, port.id())).isTrue();
        assertThat(sim.orphans()).extracting(SimOrphan::id).containsExactly(sg.id());
        assertThat(sim.orphans().getFirst().reason()).contains("leftover security group");
        assertThat(net.deleteSecurityGroup(c, sg.id())).isTrue();
        assertThat(sim.orphans()).isEmpty();
    }

    @Test
    void a_port_without_groups_gets_the_default_one_and_a_taken_address_is_refused() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo priv = net.findNetwork(c, "private").orElseThrow();
        NetworkApi.SubnetInfo subnet = net.findSubnet(c, priv.id(), "private-subnet").orElseThrow();
        String defaultGroup = net.findSecurityGroup(c, "default").orElseThrow().id();
        NetworkApi.PortInfo fixed = net.createPort(c, new PortSpec("fixed", priv.id(), subnet.id(), "10.0.0.50", null));
        assertThat(fixed.address()).isEqualTo("10.0.0.50");
        assertThat(fixed.securityGroupIds()).containsExactly(defaultGroup);
        assertThat(fixed.status()).isEqualTo("DOWN");
        CloudFailure taken = failure(() -> net.createPort(c, new PortSpec("again", priv.id(), subnet.id(), "10.0.0.50", null)));
        assertThat(taken.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(taken.cloudMessage()).isEqualTo("IP address 10.0.0.50 already allocated in subnet " + subnet.id());

        NetworkApi.PortInfo other = net.createPort(c, new PortSpec("other", priv.id(), null, null, null));
        assertThat(net.portsOfNetwork(c, priv.id())).extracting(NetworkApi.PortInfo::id).contains(fixed.id(), other.id());
        assertThat(net.findPort(c, "other")).map(NetworkApi.PortInfo::id).contains(other.id());
        assertThat(net.port(c, other.id()).macAddress()).startsWith("fa:16:3e:");
        // a device's ports (as Nova's, found by device_id)
        OSClient.OSClientV3 os = os(c);
        var updated = os.networking().port().update(os.networking().port().get(other.id()).toBuilder()
                .deviceId("server-1").deviceOwner("compute:nova").build());
        assertThat(updated.getState().name()).isEqualTo("ACTIVE");
        assertThat(updated.getFixedIps()).extracting(ip -> ip.getIpAddress()).containsExactly(other.address());
        assertThat(net.portsOfDevice(c, "server-1")).extracting(NetworkApi.PortInfo::id).containsExactly(other.id());
        assertThat(net.deletePort(c, fixed.id())).isTrue();
        assertThat(net.deletePort(c, other.id())).isTrue();
    }

    @Test
    void openstack4j_creates_a_port_with_its_own_mac_address_and_dhcp_options_and_a_taken_mac_is_a_conflict() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo priv = net.findNetwork(c, "private").orElseThrow();
        OSClient.OSClientV3 os = os(c);
        var port = os.networking().port().create(Builders.port().networkId(priv.id()).name("pxe").macAddress("FA:16:3E:AB:CD:EF")
                .extraDhcpOpt(Builders.extraDhcpOpt().optName("bootfile-name").optValue("pxelinux.0").build()).build());
        assertThat(port.getMacAddress()).isEqualTo("fa:16:3e:ab:cd:ef");
        assertThat(net.port(c, port.getId()).macAddress()).isEqualTo("fa:16:3e:ab:cd:ef");
        CloudFailure taken = failure(() -> Failures.call("create port", () -> os.networking().port().create(
                Builders.port().networkId(priv.id()).name("twin").macAddress("fa:16:3e:ab:cd:ef").build())));
        assertThat(taken.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(taken.cloudMessage()).contains("The mac address fa:16:3e:ab:cd:ef is in use.");
        assertThat(net.deletePort(c, port.getId())).isTrue();
    }

    @Test
    void the_port_quota_refusal_is_neutrons_409_classified_as_quota() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo priv = net.findNetwork(c, "private").orElseThrow();
        int used = net.quotaUsage(c).get("port").used();
        sim.setQuota("dev", "port", used + 1);
        NetworkApi.PortInfo last = net.createPort(c, new PortSpec("last", priv.id(), null, null, null));
        CloudFailure f = failure(() -> net.createPort(c, new PortSpec("one-too-many", priv.id(), null, null, null)));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.QUOTA);
        assertThat(f.status()).isEqualTo(409);
        assertThat(f.cloudMessage()).isEqualTo("Quota exceeded for resources: ['port'].");
        assertThat(f.getMessage()).isEqualTo("OpenStack refused to create port one-too-many: quota exceeded "
                + "(Quota exceeded for resources: ['port'].)");
        NetworkApi.QuotaUsage port = net.quotaUsage(c).get("port");
        assertThat(port.used()).isEqualTo(used + 1);
        assertThat(port.limit()).isEqualTo(used + 1);
        assertThat(port.allows(1)).isFalse();
        // a leaked port eats quota until it is deleted
        assertThat(net.deletePort(c, last.id())).isTrue();
        assertThat(net.quotaUsage(c).get("port").allows(1)).isTrue();

        sim.setQuota("dev", "network", 0);
        assertThat(failure(() -> net.createNetwork(c, "n")).cloudMessage()).isEqualTo("Quota exceeded for resources: ['network'].");
        sim.setQuota("dev", "security_group", 1);
        assertThat(failure(() -> net.createSecurityGroup(c, "sg", null)).kind()).isEqualTo(CloudFailure.Kind.QUOTA);
    }

    @Test
    void quota_usage_reports_used_limit_and_reserved_for_every_neutron_resource() {
        CloudCredentials c = demo();
        Map<String, NetworkApi.QuotaUsage> usage = net.quotaUsage(c);
        assertThat(usage).containsKeys("network", "subnet", "port", "router", "floatingip", "security_group", "security_group_rule");
        assertThat(usage.get("network")).isEqualTo(new NetworkApi.QuotaUsage("network", 1, 100, 0));
        assertThat(usage.get("security_group")).isEqualTo(new NetworkApi.QuotaUsage("security_group", 1, 10, 0));
        assertThat(usage.get("security_group_rule").used()).isEqualTo(4);
        assertThat(usage.get("router").limit()).isEqualTo(10);

        // openstack4j's own quota calls: admin reads and sets limits
        OSClient.OSClientV3 os = os(admin());
        String dev = sim.projectId("dev");
        assertThat(os.networking().quotas().get(dev).getPort()).isEqualTo(500);
        os.networking().quotas().updateForTenant(dev, NeutronNetQuota.builder().port(42).network(7).subnet(7).router(3)
                .floatingIP(5).securityGroup(10).securityGroupRule(100).build());
        assertThat(net.quotaUsage(c).get("port").limit()).isEqualTo(42);
        // sessions are thread-local: the adapter call above made demo's session current on this thread
        // Neutron lists the projects that have limits of their own; a reset drops them
        assertThat(os(admin()).networking().quotas().get()).extracting(q -> q.getPort()).containsExactly(42);
        assertThat(os(admin()).networking().quotas().reset(dev).isSuccess()).isTrue();
        assertThat(os(admin()).networking().quotas().get()).isEmpty();
        assertThat(net.quotaUsage(c).get("port").limit()).isEqualTo(500);
        // a member reads only its own project's quota
        CloudFailure other = failure(() -> Failures.call("read quota", () -> os(c).networking().quotas().get(sim.projectId("admin"))));
        assertThat(other.kind()).isEqualTo(CloudFailure.Kind.FORBIDDEN);
    }

    @Test
    void agents_are_listed_to_admins_and_can_be_taken_out_of_service() {
        OSClient.OSClientV3 admin = os(admin());
        List<? extends Agent> agents = admin.networking().agent().list();
        assertThat(agents).extracting(Agent::getBinary).contains("neutron-openvswitch-agent", "neutron-dhcp-agent", "neutron-l3-agent");
        Agent dhcp = agents.stream().filter(a -> a.getBinary().equals("neutron-dhcp-agent")).findFirst().orElseThrow();
        assertThat(admin.networking().agent().getAgent(dhcp.getId()).getHost()).isEqualTo("network-1");
        assertThat(admin.networking().agent().setAdminStateUp(dhcp.getId(), false).getAdminStateUp()).isFalse();
        assertThat(os(demo()).networking().agent().list()).as("agents are admin-only").isEmpty();
    }

    // ---- floating IPs

    @Test
    void a_floating_ip_needs_a_router_between_its_network_and_the_ports_subnet() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo ext = net.findExternalNetwork(c, "public").orElseThrow();
        // the seed's private network reaches public through router1: a network of its own has no router yet
        NetworkApi.NetworkInfo priv = net.createNetwork(c, "isolated");
        NetworkApi.SubnetInfo subnet = net.createSubnet(c, new SubnetSpec("isolated-subnet", priv.id(), "10.50.0.0/24", null, null));
        NetworkApi.PortInfo port = net.createPort(c, new PortSpec("vm", priv.id(), null, null, null));
        NetworkApi.FloatingIpInfo fip = net.createFloatingIp(c, ext.id());
        assertThat(fip.status()).isEqualTo("DOWN");
        assertThat(sim.orphans()).extracting(SimOrphan::kind).containsExactly("floatingip");

        CloudFailure unreachable = failure(() -> net.associateFloatingIp(c, fip.id(), port.id()));
        assertThat(unreachable.kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);
        assertThat(unreachable.cloudMessage()).contains("is not reachable from subnet");

        NetworkApi.RouterInfo router = net.createRouter(c, "edge", ext.id());
        net.addRouterInterface(c, router.id(), subnet.id());
        assertThat(net.associateFloatingIp(c, fip.id(), port.id()).status()).isEqualTo("DOWN");
        clock.advance(Duration.ofSeconds(1));
        assertThat(net.floatingIp(c, fip.id()).status()).isEqualTo("ACTIVE");
        assertThat(sim.orphans()).isEmpty();
        assertThat(net.floatingIps(c)).singleElement().satisfies(f -> assertThat(f.portId()).isEqualTo(port.id()));
        CloudFailure needed = failure(() -> net.removeRouterInterface(c, router.id(), subnet.id()));
        assertThat(needed.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(needed.cloudMessage()).contains("required by one or more floating IPs");
        NetworkApi.FloatingIpInfo released = net.disassociateFloatingIp(c, fip.id());
        assertThat(released.portId()).isNull();
        assertThat(released.status()).isEqualTo("DOWN");
        // deleting the port also releases an association
        assertThat(net.associateFloatingIp(c, fip.id(), port.id()).portId()).isEqualTo(port.id());
        assertThat(net.deletePort(c, port.id())).isTrue();
        assertThat(net.floatingIp(c, fip.id()).portId()).isNull();

        sim.setQuota("dev", "floatingip", 1);
        assertThat(failure(() -> net.createFloatingIp(c, ext.id())).kind()).isEqualTo(CloudFailure.Kind.QUOTA);
        CloudFailure notExternal = failure(() -> net.createFloatingIp(c, priv.id()));
        assertThat(notExternal.kind()).isEqualTo(CloudFailure.Kind.INVALID);

        assertThat(net.deleteFloatingIp(c, fip.id())).isTrue();
        assertThat(net.removeRouterInterface(c, router.id(), subnet.id())).isTrue();
        assertThat(net.deleteRouter(c, router.id())).isTrue();
        assertThat(net.deleteNetwork(c, priv.id())).isTrue();
        assertThat(sim.orphans()).isEmpty();
    }

    // ---- tags

    @Test
    void tags_are_added_replaced_listed_checked_and_removed_and_lists_filter_by_them() {
        CloudCredentials c = demo();
        NetworkApi.NetworkInfo ext = net.findExternalNetwork(c, "public").orElseThrow();
        NetworkApi.NetworkInfo network = net.createNetwork(c, "tagged");
        NetworkApi.SubnetInfo subnet = net.createSubnet(c, new SubnetSpec("tagged", network.id(), "10.60.0.0/24", null, null));
        NetworkApi.PortInfo port = net.createPort(c, new PortSpec("tagged", network.id(), null, null, null));
        NetworkApi.RouterInfo router = net.createRouter(c, "tagged", null);
        NetworkApi.SecurityGroupInfo sg = net.createSecurityGroup(c, "tagged", null);
        NetworkApi.FloatingIpInfo fip = net.createFloatingIp(c, ext.id());
        Map<Taggable, String> ids = Map.of(Taggable.NETWORK, network.id(), Taggable.SUBNET, subnet.id(), Taggable.PORT, port.id(),
                Taggable.ROUTER, router.id(), Taggable.SECURITY_GROUP, sg.id(), Taggable.FLOATING_IP, fip.id());
        OSClient.OSClientV3 os = os(c);
        for (Map.Entry<Taggable, String> e : ids.entrySet()) {
            Taggable kind = e.getKey();
            String id = e.getValue();
            net.tag(c, kind, id, "cluster=one");
            net.tag(c, kind, id, "cluster=one");
            assertThat(net.tags(c, kind, id)).as(kind.name()).containsExactly("cluster=one");
            assertThat(net.tagged(c, kind, "cluster=one")).as(kind.name()).containsExactly(id);
            assertThat(net.setTags(c, kind, id, List.of("x", "y"))).containsExactly("x", "y");
            assertThat(net.tagged(c, kind, "cluster=one")).isEmpty();
            net.untag(c, kind, id, "x");
            net.untag(c, kind, id, "x");
            assertThat(net.tags(c, kind, id)).containsExactly("y");
            // openstack4j's other tag calls: check one and delete all
            Resource resource = Resource.valueOf(kind.name());
            assertThat(os.networking().resourceTags().check(resource, id, "y").isSuccess()).isTrue();
            assertThat(os.networking().resourceTags().check(resource, id, "x").getCode()).isEqualTo(404);
            assertThat(os.networking().resourceTags().deleteAll(resource, id).isSuccess()).isTrue();
            assertThat(net.tags(c, kind, id)).isEmpty();
        }
        assertThat(net.deleteFloatingIp(c, fip.id())).isTrue();
        assertThat(net.deleteSecurityGroup(c, sg.id())).isTrue();
        assertThat(net.deleteRouter(c, router.id())).isTrue();
        assertThat(net.deletePort(c, port.id())).isTrue();
        assertThat(net.deleteNetwork(c, network.id())).isTrue();
    }

    // ---- updates and reads openstack4j offers beyond the adapter

    @Test
    void openstack4j_updates_networks_subnets_ports_routers_groups_and_reads_single_rules() {
        CloudCredentials c = demo();
        OSClient.OSClientV3 os = os(c);
        NetworkApi.NetworkInfo network = net.createNetwork(c, "u-net");
        assertThat(os.networking().network().update(network.id(), Builders.networkUpdate().name("u-net-2").build()).getName())
                .isEqualTo("u-net-2");
        NetworkApi.SubnetInfo subnet = net.createSubnet(c, new SubnetSpec("u-subnet", network.id(), "10.50.0.0/24", null, null));
        var s = os.networking().subnet().get(subnet.id());
        assertThat(os.networking().subnet().update(s.toBuilder().name("u-subnet-2").addDNSNameServer("8.8.8.8").build())
                .getDnsNames()).containsExactly("8.8.8.8");
        NetworkApi.PortInfo port = net.createPort(c, new PortSpec("u-port", network.id(), null, null, null));
        var p = os.networking().port().update(os.networking().port().get(port.id()).toBuilder().name("u-port-2").build());
        assertThat(p.getName()).isEqualTo("u-port-2");
        assertThat(p.getFixedIps()).extracting(ip -> ip.getIpAddress()).containsExactly(port.address());
        NetworkApi.RouterInfo router = net.createRouter(c, "u-router", null);
        var r = os.networking().router().get(router.id());
        assertThat(os.networking().router().update(r.toBuilder().name("u-router-2").build()).getName()).isEqualTo("u-router-2");
        NetworkApi.SecurityGroupInfo sg = net.createSecurityGroup(c, "u-sg", null);
        assertThat(os.networking().securitygroup().update(sg.id(), Builders.securityGroupUpdate().name("u-sg-2").build()).getName())
                .isEqualTo("u-sg-2");
        String ruleId = sg.rules().getFirst().id();
        assertThat(os.networking().securityrule().get(ruleId).getDirection()).isEqualTo("egress");
        assertThat(os.networking().securityrule().list()).extracting(x -> x.getSecurityGroupId()).contains(sg.id());
        assertThat(net.deleteSecurityGroup(c, sg.id())).isTrue();
        assertThat(net.deleteRouter(c, router.id())).isTrue();
        assertThat(net.deletePort(c, port.id())).isTrue();
        assertThat(net.deleteNetwork(c, network.id())).isTrue();
    }
}
