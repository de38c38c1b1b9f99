package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.model.network.Port;
import org.stackport.simulator.SimJournalEntry;
import org.stackport.simulator.SimOrphan;
import org.stackport.simulator.SimResource;
import org.stackport.simulator.SimSnapshot;

/** openstack4j, through our adapter, against the simulator's Nova (and the Cinder volumes Nova makes). */
class ComputeContractTest {

    SimulatedProject cloud;
    CloudCredentials demo;
    ComputeApi compute;
    String small;
    String ubuntu;

    @BeforeEach
    void start() {
        cloud = new SimulatedProject();
        demo = cloud.demo;
        compute = cloud.compute;
        small = cloud.flavorId("m1.small");
        ubuntu = cloud.imageId("ubuntu-24.04");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    /** The seed tenant network (Neutron's): looked up when a test needs it, so only those tests depend on Neutron. */
    private String privateNet() {
        return cloud.networkId("private");
    }

    private ServerSpec server(String name) {
        return ServerSpec.of(name, small, ubuntu).withNetworks(privateNet());
    }

    /** Nova takes a while to delete: not gone on the first confirming read, gone once the delete time has passed. */
    private void deleteUntilGone(String id) {
        assertThat(compute.deleteServer(demo, id)).as("gone at once?").isFalse();
        cloud.settle();
        assertThat(compute.deleteServer(demo, id)).isTrue();
    }

    private static CloudFailure failure(Runnable call) {
        try {
            call.run();
        } catch (CloudFailure f) {
            return f;
        }
        throw new AssertionError("expected a CloudFailure");
    }

    // ---- flavors, zones

    @Test
    void flavors_are_listed_with_their_sizes() {
        assertThat(compute.flavors(demo)).extracting(FlavorInfo::name, FlavorInfo::vcpus, FlavorInfo::ramMiB)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("m1.small", 1, 2048),
                        org.assertj.core.groups.Tuple.tuple("m1.medium", 2, 4096),
                        org.assertj.core.groups.Tuple.tuple("m1.large", 4, 8192),
                        org.assertj.core.groups.Tuple.tuple("m1.xlarge", 8, 16384));
        assertThat(compute.findFlavorByName(demo, "m1.small").orElseThrow().diskGiB()).isEqualTo(20);
        assertThat(compute.findFlavorByName(demo, "m9.huge")).isEmpty();
    }

    @Test
    void availability_zones_are_listed() {
        assertThat(compute.availabilityZones(demo)).containsExactly("nova", "az1", "az2", "az3");
    }

    // ---- key pairs

    @Test
    void the_seed_key_pair_is_listed_and_an_imported_key_pair_is_read_and_deleted() {
        assertThat(compute.keypairs(demo)).extracting(KeyPairInfo::name).containsExactly("demo-key");
        String publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g test@stackport";
        KeyPairInfo created = compute.createKeypair(demo, "cluster-a", publicKey);
        assertThat(created.fingerprint()).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
        assertThat(created.privateKey()).isNull();
        assertThat(compute.findKeypair(demo, "cluster-a")).map(KeyPairInfo::publicKey).contains(publicKey);

        assertThat(compute.deleteKeypair(demo, "cluster-a")).isTrue();
        assertThat(cloud.journal(e -> e.path().endsWith("/os-keypairs/cluster-a") && (e.method().equals("DELETE") || e.status() == 404), 2))
                .extracting(SimJournalEntry::method, SimJournalEntry::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DELETE", 202), org.assertj.core.groups.Tuple.tuple("GET", 404));
        assertThat(compute.findKeypair(demo, "cluster-a")).isEmpty();
        assertThat(compute.deleteKeypair(demo, "cluster-a")).isTrue(); // already gone counts as deleted
    }

    @Test
    void a_duplicate_key_pair_is_a_conflict_with_novas_message() {
        CloudFailure f = failure(() -> compute.createKeypair(demo, "demo-key", null));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(f.status()).isEqualTo(409);
        assertThat(f.cloudMessage()).isEqualTo("Key pair 'demo-key' already exists.");
    }

    @Test
    void nova_generates_a_key_pair_when_no_public_key_is_given_and_the_private_key_stays_out_of_logs() {
        KeyPairInfo generated = compute.createKeypair(demo, "generated", null);
        assertThat(generated.publicKey()).startsWith("ssh-rsa ");
        assertThat(generated.privateKey()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(generated.toString()).doesNotContain("BEGIN");
        assertThat(compute.findKeypair(demo, "generated").orElseThrow().privateKey()).isNull();
    }

    @Test
    void a_public_key_nova_cannot_read_is_invalid() {
        CloudFailure f = failure(() -> compute.createKeypair(demo, "bad", "not a key"));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(f.cloudMessage()).isEqualTo("Keypair data is invalid: failed to generate fingerprint");
    }

    // ---- server groups

    @Test
    void a_server_group_is_created_found_by_name_and_deleted() {
        ServerGroupInfo group = compute.createServerGroup(demo, "cluster-a-workers", "anti-affinity");
        assertThat(group.policy()).isEqualTo("anti-affinity");
        assertThat(group.memberIds()).isEmpty();
        assertThat(compute.findServerGroupByName(demo, "cluster-a-workers")).contains(group);
        assertThat(compute.getServerGroup(demo, group.id())).contains(group);

        assertThat(compute.deleteServerGroup(demo, group.id())).isTrue();
        assertThat(cloud.journal(e -> e.path().endsWith("/os-server-groups/" + group.id()) && (e.method().equals("DELETE") || e.status() == 404), 2))
                .extracting(SimJournalEntry::method, SimJournalEntry::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DELETE", 204), org.assertj.core.groups.Tuple.tuple("GET", 404));
        assertThat(compute.serverGroups(demo)).isEmpty();
        assertThat(compute.getServerGroup(demo, group.id())).isEmpty();
        assertThat(compute.deleteServerGroup(demo, group.id())).isTrue();
    }

    @Test
    void an_unknown_server_group_policy_is_invalid() {
        CloudFailure f = failure(() -> compute.createServerGroup(demo, "g", "spread-out"));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(f.cloudMessage()).contains("'spread-out' is not one of ['anti-affinity', 'affinity'");
    }

    @Test
    void a_server_in_a_group_is_a_member_until_it_is_deleted() {
        // anti-affinity: the soft policies need microversion 2.15, which openstack4j does not send
        ServerGroupInfo group = compute.createServerGroup(demo, "masters", "anti-affinity");
        String id = compute.createServer(demo, server("master-0").withServerGroup(group.id()));
        assertThat(compute.getServerGroup(demo, group.id()).orElseThrow().memberIds()).containsExactly(id);
        assertThat(cloud.sim.orphans()).isEmpty();

        deleteUntilGone(id);
        assertThat(compute.getServerGroup(demo, group.id()).orElseThrow().memberIds()).isEmpty();
        assertThat(cloud.sim.orphans()).extracting(SimOrphan::kind, SimOrphan::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("server_group", "masters"));
        compute.deleteServerGroup(demo, group.id());
        assertThat(cloud.sim.orphans()).isEmpty();
    }

    // ---- servers

    @Test
    void a_server_is_built_for_the_build_time_then_active_on_its_network() {
        String id = compute.createServer(demo, server("web-0").withKeyName("demo-key").withAvailabilityZone("az2")
                .withMetadata("stackport/cluster", "a"));
        ServerInfo building = compute.getServer(demo, id).orElseThrow();
        assertThat(building.status()).isEqualTo("BUILD");
        assertThat(building.building()).isTrue();
        assertThat(cloud.sim.inventory("server")).extracting(r -> r.status()).containsExactly("BUILD");

        cloud.settle();
        ServerInfo active = compute.getServer(demo, id).orElseThrow();
        assertThat(active.active()).isTrue();
        assertThat(active.name()).isEqualTo("web-0");
        assertThat(active.flavorId()).isEqualTo(small);
        assertThat(active.imageId()).isEqualTo(ubuntu);
        assertThat(active.keyName()).isEqualTo("demo-key");
        assertThat(active.availabilityZone()).isEqualTo("az2");
        assertThat(active.securityGroups()).containsExactly("default");
        assertThat(active.metadata()).containsEntry("stackport/cluster", "a");
        assertThat(active.addresses()).containsOnlyKeys("private");
        assertThat(active.ips()).singleElement().asString().startsWith("10.0.");
        assertThat(active.faultMessage()).isNull();
        assertThat(active.createdAt()).isNotNull();
        assertThat(compute.servers(demo)).extracting(ServerInfo::id).containsExactly(id);
        assertThat(cloud.sim.inventory("server")).extracting(r -> r.status()).containsExactly("ACTIVE");
    }

    @Test
    void a_server_without_networks_gets_the_projects_only_network() {
        String id = compute.createServer(demo, ServerSpec.of("solo", small, ubuntu));
        cloud.settle();
        assertThat(compute.getServer(demo, id).orElseThrow().addresses()).containsOnlyKeys("private");
    }

    @Test
    void a_server_boots_from_a_volume_and_its_volume_goes_with_it() {
        SimSnapshot before = cloud.sim.snapshot();
        String id = compute.createServer(demo, server("db-0").withBootVolume(30));
        cloud.settle();
        ServerInfo server = compute.getServer(demo, id).orElseThrow();
        assertThat(server.active()).isTrue();
        assertThat(server.imageId()).isNull();
        assertThat(server.volumeIds()).hasSize(1);
        VolumeInfo boot = cloud.volumes.get(demo, server.volumeIds().getFirst()).orElseThrow();
        assertThat(boot.status()).isEqualTo("in-use");
        assertThat(boot.bootable()).isTrue();
        assertThat(boot.sizeGiB()).isEqualTo(30);
        assertThat(boot.imageId()).isEqualTo(ubuntu);
        assertThat(boot.attachedServerIds()).containsExactly(id);
        assertThat(cloud.volumes.limits(demo).gigabytesUsed()).isEqualTo(30);

        deleteUntilGone(id);
        assertThat(cloud.volumes.get(demo, boot.id())).isEmpty();
        assertThat(before.diff(cloud.sim.snapshot()).isEmpty()).isTrue();
        assertThat(cloud.sim.orphans()).isEmpty();
    }

    @Test
    void a_boot_volume_smaller_than_the_image_needs_is_refused() {
        CloudFailure f = failure(() -> compute.createServer(demo, server("tiny").withBootVolume(5)));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(f.cloudMessage()).startsWith("Volume is smaller than the minimum size specified in image metadata.");
    }

    @Test
    void a_boot_volume_beyond_the_volume_quota_fails_the_build_not_the_request() {
        cloud.sim.setQuota("dev", "gigabytes", 10);
        SimSnapshot before = cloud.sim.snapshot();
        String id = compute.createServer(demo, server("big").withBootVolume(20));
        cloud.settle();
        ServerInfo server = compute.getServer(demo, id).orElseThrow();
        assertThat(server.failed()).isTrue();
        assertThat(server.faultMessage()).contains("VolumeSizeExceedsAvailableQuota");
        deleteUntilGone(id);
        assertThat(before.diff(cloud.sim.snapshot()).isEmpty()).isTrue();
    }

    @Test
    void unknown_flavor_image_key_network_zone_and_security_group_are_bad_requests_with_novas_wording() {
        String missing = "00000000-0000-0000-0000-000000000000";
        // the seed's router1 has two ACTIVE ports (gateway and interface); no refused server may add one
        List<String> activeBefore = cloud.sim.inventory("port").stream().filter(p -> p.status().equals("ACTIVE"))
                .map(SimResource::id).toList();
        assertInvalid(ServerSpec.of("x", "99", ubuntu).withNetworks(privateNet()), "Flavor 99 could not be found.");
        assertInvalid(ServerSpec.of("x", small, missing).withNetworks(privateNet()), "Image " + missing + " could not be found.");
        assertInvalid(server("x").withKeyName("nope"), "Keypair nope not found for user ");
        assertInvalid(ServerSpec.of("x", small, ubuntu).withNetworks(missing), "Network " + missing + " could not be found.");
        assertInvalid(server("x").withAvailabilityZone("az9"), "The requested availability zone is not available");
        assertInvalid(server("x").withSecurityGroups("nope"), "Security group nope not found for project " + cloud.projectId() + ".");
        assertInvalid(server("x").withServerGroup(missing), "Instance group " + missing + " could not be found.");
        assertThat(compute.servers(demo)).isEmpty();
        assertThat(cloud.sim.inventory("port")).filteredOn(p -> p.status().equals("ACTIVE")).extracting(SimResource::id)
                .containsExactlyInAnyOrderElementsOf(activeBefore);
    }

    private void assertInvalid(ServerSpec spec, String message) {
        CloudFailure f = failure(() -> compute.createServer(demo, spec));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.cloudMessage()).startsWith(message);
    }

    @Test
    void a_server_cannot_be_put_on_the_external_network() {
        CloudFailure f = failure(() -> compute.createServer(demo, ServerSpec.of("x", small, ubuntu).withNetworks(cloud.networkId("public"))));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.FORBIDDEN);
        assertThat(f.cloudMessage()).startsWith("It is not allowed to create an interface on external network");
    }

    @Test
    void the_eleventh_server_is_refused_with_novas_quota_message_classified_as_quota() {
        for (int i = 0; i < 10; i++) {
            compute.createServer(demo, server("node-" + i));
        }
        CloudFailure f = failure(() -> compute.createServer(demo, server("node-10")));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.QUOTA);
        assertThat(f.status()).isEqualTo(403);
        assertThat(f.cloudMessage()).isEqualTo("Quota exceeded for instances: Requested 1, but already used 10 of 10 instances");
        assertThat(f.getMessage()).startsWith("OpenStack refused to create server node-10: quota exceeded");
        assertThat(compute.serversNamed(demo, "node-10")).isEmpty();
    }

    @Test
    void the_core_quota_counts_the_flavors_vcpus() {
        String xlarge = cloud.flavorId("m1.xlarge");
        compute.createServer(demo, ServerSpec.of("big-0", xlarge, ubuntu).withNetworks(privateNet()));
        compute.createServer(demo, ServerSpec.of("big-1", xlarge, ubuntu).withNetworks(privateNet()));
        CloudFailure f = failure(() -> compute.createServer(demo, ServerSpec.of("big-2", xlarge, ubuntu).withNetworks(privateNet())));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.QUOTA);
        assertThat(f.cloudMessage()).isEqualTo("Quota exceeded for cores: Requested 8, but already used 16 of 20 cores");
    }

    @Test
    void limits_show_what_is_used_and_what_is_allowed() {
        compute.createServer(demo, ServerSpec.of("m", cloud.flavorId("m1.medium"), ubuntu).withNetworks(privateNet()));
        ComputeLimits limits = compute.limits(demo);
        assertThat(limits).isEqualTo(new ComputeLimits(1, 10, 2, 20, 4096, 51200, 100, 10, 10));
        assertThat(limits.fits(9, 2, 4096)).isTrue();
        assertThat(limits.fits(10, 1, 1024)).isFalse();
        assertThat(limits.fits(5, 4, 1024)).isFalse();
    }

    @Test
    void a_server_that_fails_to_build_shows_its_fault_and_deleting_it_leaves_nothing() {
        SimSnapshot before = cloud.sim.snapshot();
        cloud.sim.failNextServers(1, "No valid host was found. There are not enough hosts available.");
        String id = compute.createServer(demo, server("unlucky").withBootVolume(20));
        assertThat(compute.getServer(demo, id).orElseThrow().status()).isEqualTo("BUILD");
        cloud.settle();
        ServerInfo failed = compute.getServer(demo, id).orElseThrow();
        assertThat(failed.failed()).isTrue();
        assertThat(failed.faultMessage()).isEqualTo("No valid host was found. There are not enough hosts available.");
        assertThat(cloud.sim.inventory("server")).extracting(r -> r.status()).containsExactly("ERROR");

        deleteUntilGone(id);
        assertThat(before.diff(cloud.sim.snapshot()).isEmpty()).isTrue();
        assertThat(cloud.sim.orphans()).isEmpty();
    }

    @Test
    void a_held_build_stays_in_build_until_the_hold_ends() {
        cloud.sim.holdNextTransitions("server", 1, java.time.Duration.ofSeconds(30));
        String id = compute.createServer(demo, server("slow"));
        cloud.settle();
        assertThat(compute.getServer(demo, id).orElseThrow().status()).isEqualTo("BUILD");
        cloud.clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(compute.getServer(demo, id).orElseThrow().status()).isEqualTo("ACTIVE");
    }

    @Test
    void find_by_name_is_exact_although_novas_name_filter_is_a_regular_expression() {
        String one = compute.createServer(demo, server("node-1"));
        compute.createServer(demo, server("node-10"));
        compute.createServer(demo, server("xnode-1"));
        String odd = compute.createServer(demo, server("a.b(c)+"));
        compute.createServer(demo, server("axb(c)+"));

        assertThat(compute.findServerByName(demo, "node-1")).map(ServerInfo::id).contains(one);
        assertThat(compute.serversNamed(demo, "node-1")).hasSize(1);
        assertThat(compute.serversNamed(demo, "a.b(c)+")).extracting(ServerInfo::id).containsExactly(odd);
        assertThat(compute.findServerByName(demo, "node")).isEmpty();
        assertThat(cloud.sim.journal()).filteredOn(e -> e.route().equals("GET /compute/v2.1/servers/detail")).isNotEmpty();
    }

    @Test
    void servers_are_listed_across_pages_that_openstack4j_would_stop_at() {
        ComputeApi twoPerPage = new ComputeApi(cloud.sessions, 2);
        for (int i = 0; i < 5; i++) {
            compute.createServer(demo, server("paged-" + i));
        }
        assertThat(twoPerPage.servers(demo)).extracting(ServerInfo::name)
                .containsExactlyInAnyOrder("paged-0", "paged-1", "paged-2", "paged-3", "paged-4");
        assertThat(cloud.journal(e -> e.route().equals("GET /compute/v2.1/servers/detail"), 3)).hasSize(3);
    }

    @Test
    void a_lost_create_answer_leaves_exactly_one_server_findable_by_name() {
        cloud.sim.ghost("POST", "/compute/v2.1/servers", 1);
        CloudFailure f = failure(() -> compute.createServer(demo, server("ghost-0")));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.UNAVAILABLE);
        assertThat(f.status()).isEqualTo(500);

        List<ServerInfo> found = compute.serversNamed(demo, "ghost-0");
        assertThat(found).hasSize(1);
        assertThat(compute.findServerByName(demo, "ghost-0")).map(ServerInfo::id).contains(found.getFirst().id());
    }

    @Test
    void deleting_a_server_takes_a_while_and_is_confirmed_by_reading_it_back() {
        String id = compute.createServer(demo, server("gone"));
        assertThat(compute.deleteServer(demo, id)).isFalse();
        var os = cloud.sessions.open(demo).client();
        assertThat(os.compute().servers().get(id).getTaskState()).isEqualTo("deleting");
        cloud.settle();
        assertThat(compute.deleteServer(demo, id)).isTrue();
        assertThat(cloud.journal(e -> e.path().endsWith("/servers/" + id), 5)).extracting(SimJournalEntry::method, SimJournalEntry::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DELETE", 204), org.assertj.core.groups.Tuple.tuple("GET", 200),
                        org.assertj.core.groups.Tuple.tuple("GET", 200),
                        org.assertj.core.groups.Tuple.tuple("DELETE", 404), org.assertj.core.groups.Tuple.tuple("GET", 404));
        assertThat(compute.getServer(demo, id)).isEmpty();
        assertThat(compute.deleteServer(demo, id)).isTrue(); // already gone counts as deleted
    }

    @Test
    void a_deleting_server_keeps_its_port_and_volumes_until_nova_is_done() {
        var os = cloud.sessions.open(demo).client();
        String id = compute.createServer(demo, server("slow-goer").withBootVolume(20));
        VolumeInfo data = cloud.volumes.create(demo, VolumeSpec.of("slow-data", 5));
        cloud.settle();
        compute.attachVolume(demo, id, data.id());
        String bootVolume = compute.getServer(demo, id).orElseThrow().volumeIds().getFirst();
        assertThat(os.compute().servers().delete(id).isSuccess()).isTrue();

        assertThat(os.compute().servers().get(id).getStatus()).isEqualTo(org.openstack4j.model.compute.Server.Status.ACTIVE);
        assertThat(os.networking().port().list(org.openstack4j.model.network.options.PortListOptions.create().deviceId(id))).hasSize(1);
        assertThat(cloud.volumes.get(demo, data.id()).orElseThrow().inUse()).isTrue();
        CloudFailure inUse = failure(() -> cloud.volumes.delete(demo, data.id()));
        assertThat(inUse.status()).isEqualTo(400);
        assertThat(os.compute().servers().delete(id).isSuccess()).isTrue(); // asked again: accepted, nothing changes

        cloud.settle();
        assertThat(os.compute().servers().get(id)).isNull();
        assertThat(os.networking().port().list(org.openstack4j.model.network.options.PortListOptions.create().deviceId(id))).isEmpty();
        assertThat(cloud.volumes.get(demo, data.id()).orElseThrow().available()).isTrue();
        assertThat(cloud.volumes.get(demo, bootVolume)).isEmpty();
    }

    @Test
    void a_server_is_stopped_started_rebooted_and_renamed_through_openstack4j() {
        var os = cloud.sessions.open(demo).client();
        String id = compute.createServer(demo, server("day-two"));
        cloud.settle();
        assertThat(os.compute().servers().action(id, org.openstack4j.model.compute.Action.STOP).isSuccess()).isTrue();
        cloud.settle();
        assertThat(os.compute().servers().get(id).getStatus()).isEqualTo(org.openstack4j.model.compute.Server.Status.SHUTOFF);
        var again = os.compute().servers().action(id, org.openstack4j.model.compute.Action.STOP);
        assertThat(again.getCode()).isEqualTo(409);
        assertThat(again.getFault()).isEqualTo("Cannot 'stop' instance " + id + " while it is in vm_state stopped");

        assertThat(os.compute().servers().action(id, org.openstack4j.model.compute.Action.START).isSuccess()).isTrue();
        cloud.settle();
        assertThat(os.compute().servers().reboot(id, org.openstack4j.model.compute.RebootType.HARD).isSuccess()).isTrue();
        assertThat(os.compute().servers().get(id).getStatus()).isEqualTo(org.openstack4j.model.compute.Server.Status.HARD_REBOOT);
        cloud.settle();
        assertThat(os.compute().servers().get(id).getStatus()).isEqualTo(org.openstack4j.model.compute.Server.Status.ACTIVE);

        var renamed = os.compute().servers().update(id, org.openstack4j.model.compute.ServerUpdateOptions.create().name("day-three"));
        assertThat(renamed.getName()).isEqualTo("day-three");
        assertThat(compute.findServerByName(demo, "day-three")).map(ServerInfo::id).contains(id);

        var paused = os.compute().servers().action(id, org.openstack4j.model.compute.Action.PAUSE);
        assertThat(paused.getCode()).isEqualTo(403);
        assertThat(paused.getFault()).isEqualTo("Policy doesn't allow os_compute_api:os-pause-server:pause to be performed.");
    }

    @Test
    void a_key_pair_belongs_to_the_user_who_made_it_not_to_the_project() {
        cloud.sim.addUser("ops", "ops", "member", "dev");
        CloudCredentials ops = new CloudCredentials(cloud.sim.identityEndpoint(), "ops", "ops", "Default", "dev",
                "RegionOne", false, null);
        assertThat(compute.keypairs(ops)).isEmpty();
        assertThat(compute.findKeypair(ops, "demo-key")).isEmpty();
        CloudFailure f = failure(() -> compute.createServer(ops, server("borrowed").withKeyName("demo-key")));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(f.cloudMessage()).startsWith("Keypair demo-key not found for user ");
        assertThat(compute.createKeypair(ops, "demo-key", null).name()).isEqualTo("demo-key");
        assertThat(compute.keypairs(demo)).extracting(KeyPairInfo::name).containsExactly("demo-key");
    }

    @Test
    void a_building_server_has_no_addresses_until_its_networking_is_allocated() {
        String id = compute.createServer(demo, server("fresh"));
        assertThat(compute.getServer(demo, id).orElseThrow().addresses()).isEmpty();
        cloud.settle();
        assertThat(compute.getServer(demo, id).orElseThrow().addresses()).containsOnlyKeys("private");
    }

    @Test
    void a_delete_answered_503_is_not_taken_for_done() {
        String id = compute.createServer(demo, server("stubborn"));
        cloud.sim.failNext("DELETE", "/compute/v2.1/servers/{id}", 1, 503);
        assertThat(compute.deleteServer(demo, id)).isFalse();
        assertThat(compute.getServer(demo, id)).isPresent();
        deleteUntilGone(id);
    }

    @Test
    void a_delete_answered_429_is_not_taken_for_done_either() {
        String id = compute.createServer(demo, server("busy"));
        cloud.sim.rateLimitNext("DELETE", "/compute/v2.1/servers/{id}", 1, 1);
        assertThat(compute.deleteServer(demo, id)).isFalse();
        deleteUntilGone(id);
    }

    @Test
    void a_missing_server_reads_as_empty_and_its_metadata_as_not_found() {
        assertThat(compute.getServer(demo, "nope")).isEmpty();
        CloudFailure f = failure(() -> compute.serverMetadata(demo, "nope"));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);
    }

    @Test
    void server_metadata_is_read_and_replaced() {
        String id = compute.createServer(demo, server("meta").withMetadata("role", "worker").withMetadata("pool", "a"));
        assertThat(compute.serverMetadata(demo, id)).isEqualTo(Map.of("role", "worker", "pool", "a"));
        assertThat(compute.replaceServerMetadata(demo, id, Map.of("role", "master"))).isEqualTo(Map.of("role", "master"));
        assertThat(compute.getServer(demo, id).orElseThrow().metadata()).isEqualTo(Map.of("role", "master"));
    }

    @Test
    void user_data_goes_base64_encoded_and_nova_limits_its_size() {
        String id = compute.createServer(demo, server("cloud-init").withUserData("#cloud-config\nruncmd: [\"echo hi\"]\n"));
        assertThat(compute.getServer(demo, id)).isPresent();
        CloudFailure f = failure(() -> compute.createServer(demo, server("huge").withUserData("x".repeat(60_000))));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(f.cloudMessage()).startsWith("User data too large.");
    }

    @Test
    void a_volume_is_attached_to_an_active_server_and_detached() {
        String id = compute.createServer(demo, server("data"));
        VolumeInfo volume = cloud.volumes.create(demo, VolumeSpec.of("data-0", 10));
        CloudFailure building = failure(() -> compute.attachVolume(demo, id, volume.id()));
        assertThat(building.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(building.cloudMessage()).contains("while it is in vm_state building");
        cloud.settle();

        assertThat(compute.attachVolume(demo, id, volume.id())).isEqualTo("/dev/vdb");
        assertThat(cloud.volumes.get(demo, volume.id()).orElseThrow().inUse()).isTrue();
        assertThat(compute.getServer(demo, id).orElseThrow().volumeIds()).containsExactly(volume.id());
        CloudFailure missing = failure(() -> compute.attachVolume(demo, id, "00000000-0000-0000-0000-000000000000"));
        assertThat(missing.kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);

        assertThat(compute.detachVolume(demo, id, volume.id())).isTrue();
        assertThat(cloud.volumes.get(demo, volume.id()).orElseThrow().available()).isTrue();
        assertThat(cloud.sim.orphans()).extracting(SimOrphan::kind).containsExactly("volume");
        assertThat(compute.detachVolume(demo, id, volume.id())).isTrue(); // not attached any more counts as detached
        assertThat(cloud.volumes.delete(demo, volume.id())).as("deleting takes a moment").isFalse();
        cloud.settle();
        assertThat(cloud.volumes.delete(demo, volume.id())).isTrue();
        assertThat(cloud.sim.orphans()).isEmpty();
    }

    @Test
    void deleting_a_server_detaches_its_data_volume_which_then_shows_as_a_leak() {
        String id = compute.createServer(demo, server("with-data"));
        VolumeInfo volume = cloud.volumes.create(demo, VolumeSpec.of("data-1", 10));
        cloud.settle();
        compute.attachVolume(demo, id, volume.id());
        deleteUntilGone(id);
        assertThat(cloud.volumes.get(demo, volume.id()).orElseThrow().available()).isTrue();
        assertThat(cloud.sim.orphans()).extracting(SimOrphan::id).containsExactly(volume.id());
    }

    @Test
    void a_port_made_beforehand_is_bound_to_the_server_and_left_unbound_when_the_server_goes() {
        var os = cloud.sessions.open(demo).client();
        Port port = os.networking().port().create(Builders.port().networkId(privateNet()).name("pre-made").build());
        String id = compute.createServer(demo, ServerSpec.of("on-port", small, ubuntu).withPorts(port.getId()));
        assertThat(os.networking().port().get(port.getId()).getDeviceId()).isEqualTo(id);
        cloud.settle();
        assertThat(compute.getServer(demo, id).orElseThrow().ips()).containsExactly(
                port.getFixedIps().iterator().next().getIpAddress());
        CloudFailure inUse = failure(() -> compute.createServer(demo, ServerSpec.of("thief", small, ubuntu).withPorts(port.getId())));
        assertThat(inUse.kind()).isEqualTo(CloudFailure.Kind.CONFLICT);
        assertThat(inUse.cloudMessage()).isEqualTo("Port " + port.getId() + " is still in use.");

        deleteUntilGone(id);
        assertThat(os.networking().port().get(port.getId()).getDeviceId()).isEmpty();
        assertThat(cloud.sim.orphans()).filteredOn(o -> o.id().equals(port.getId()))
                .extracting(SimOrphan::reason).contains("port left unbound by deleted server " + id);
        os.networking().port().delete(port.getId());
        assertThat(cloud.sim.orphans()).isEmpty();
    }

    @Test
    void a_full_create_and_teardown_leaves_no_leak_and_gives_the_quota_back() {
        SimSnapshot before = cloud.sim.snapshot();
        ComputeLimits limitsBefore = compute.limits(demo);
        VolumeLimits volumeLimitsBefore = cloud.volumes.limits(demo);

        compute.createKeypair(demo, "cluster-b", compute.findKeypair(demo, "demo-key").orElseThrow().publicKey());
        ServerGroupInfo group = compute.createServerGroup(demo, "cluster-b-workers", "anti-affinity");
        String a = compute.createServer(demo, server("cluster-b-worker-0").withKeyName("cluster-b")
                .withServerGroup(group.id()).withBootVolume(20).withUserData("#cloud-config\n"));
        String b = compute.createServer(demo, server("cluster-b-worker-1").withKeyName("cluster-b").withServerGroup(group.id()));
        VolumeInfo data = cloud.volumes.create(demo, VolumeSpec.of("cluster-b-data", 5));
        cloud.settle();
        compute.attachVolume(demo, b, data.id());
        assertThat(compute.limits(demo).instancesUsed()).isEqualTo(limitsBefore.instancesUsed() + 2);

        compute.detachVolume(demo, b, data.id());
        assertThat(cloud.volumes.delete(demo, data.id())).as("deleting takes a moment").isFalse();
        cloud.settle();
        assertThat(cloud.volumes.delete(demo, data.id())).isTrue();
        deleteUntilGone(a);
        deleteUntilGone(b);
        compute.deleteServerGroup(demo, group.id());
        compute.deleteKeypair(demo, "cluster-b");

        assertThat(before.diff(cloud.sim.snapshot()).isEmpty()).isTrue();
        assertThat(cloud.sim.orphans()).isEmpty();
        assertThat(compute.limits(demo)).isEqualTo(limitsBefore);
        assertThat(cloud.volumes.limits(demo)).isEqualTo(volumeLimitsBefore);
    }

    @Test
    void an_unreachable_compute_service_is_unavailable() {
        cloud.sim.failNext("GET", "/compute/v2.1/flavors/detail", 1, 503);
        CloudFailure f = failure(() -> compute.flavors(demo));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.UNAVAILABLE);
        assertThat(f.status()).isEqualTo(503);
    }

    @Test
    void a_catalog_without_compute_is_a_clear_failure() {
        // a simulator of its own: openstack4j caches resolved endpoints per auth URL and project
        try (SimulatedProject other = new SimulatedProject()) {
            other.sim.omitFromCatalog("compute");
            CloudFailure f = failure(() -> other.compute.flavors(other.demo));
            assertThat(f.kind()).isEqualTo(CloudFailure.Kind.UNAVAILABLE);
            assertThat(f.getMessage()).contains("Endpoint for 'nova' service could not be found for region: 'RegionOne'");
        }
    }

    @Test
    void a_soft_anti_affinity_group_is_made_with_the_microversion_that_has_it() {
        ServerGroupInfo group = compute.createServerGroup(demo, "soft-workers", "soft-anti-affinity");
        assertThat(group.policy()).isEqualTo("soft-anti-affinity");
        assertThat(compute.createServerGroup(demo, "soft-masters", "soft-affinity").policy()).isEqualTo("soft-affinity");
    }
}
