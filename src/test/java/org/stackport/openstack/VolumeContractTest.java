package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stackport.simulator.SimOrphan;
import org.stackport.simulator.SimSnapshot;

/** openstack4j, through our adapter, against the simulator's Cinder. */
class VolumeContractTest {

    SimulatedProject cloud;
    CloudCredentials demo;
    VolumeApi volumes;

    @BeforeEach
    void start() {
        cloud = new SimulatedProject();
        demo = cloud.demo;
        volumes = cloud.volumes;
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private static CloudFailure failure(Runnable call) {
        try {
            call.run();
        } catch (CloudFailure f) {
            return f;
        }
        throw new AssertionError("expected a CloudFailure");
    }

    @Test
    void a_volume_is_creating_then_available_and_its_delete_is_confirmed() {
        SimSnapshot before = cloud.sim.snapshot();
        VolumeInfo created = volumes.create(demo, new VolumeSpec("etcd-0", 10, null, null, "az1"));
        assertThat(created.status()).isEqualTo("creating");
        assertThat(created.sizeGiB()).isEqualTo(10);
        assertThat(created.bootable()).isFalse();
        assertThat(created.availabilityZone()).isEqualTo("az1");
        assertThat(created.volumeType()).isEqualTo("lvmdriver-1");
        assertThat(cloud.sim.inventory("volume")).extracting(r -> r.status()).containsExactly("creating");

        cloud.settle();
        assertThat(volumes.get(demo, created.id()).orElseThrow().available()).isTrue();
        assertThat(volumes.list(demo)).extracting(VolumeInfo::name).containsExactly("etcd-0");

        assertThat(volumes.delete(demo, created.id())).as("still deleting on the confirming read").isFalse();
        cloud.settle();
        assertThat(volumes.delete(demo, created.id())).isTrue();
        assertThat(volumes.get(demo, created.id())).isEmpty();
        assertThat(before.diff(cloud.sim.snapshot()).isEmpty()).isTrue();
    }

    @Test
    void a_deleting_volume_reads_as_deleting_until_it_is_gone_and_asking_again_meanwhile_is_no_error() {
        VolumeInfo v = volumes.create(demo, VolumeSpec.of("etcd-0", 10));
        cloud.settle();

        assertThat(volumes.delete(demo, v.id())).isFalse();
        assertThat(volumes.get(demo, v.id()).orElseThrow().status()).isEqualTo("deleting");
        assertThat(volumes.list(demo)).extracting(VolumeInfo::status).containsExactly("deleting");
        assertThat(cloud.sim.inventory("volume")).extracting(r -> r.status()).containsExactly("deleting");
        assertThat(volumes.limits(demo).volumesUsed()).as("quota is released at the end, as in Cinder").isEqualTo(1);
        // Cinder refuses a second DELETE of a deleting volume (400): the adapter only confirms
        assertThat(volumes.delete(demo, v.id())).isFalse();

        cloud.settle();
        assertThat(volumes.get(demo, v.id())).isEmpty();
        assertThat(volumes.list(demo)).isEmpty();
        assertThat(volumes.limits(demo).volumesUsed()).isZero();
        assertThat(volumes.delete(demo, v.id())).isTrue();
    }

    @Test
    void a_volume_made_from_an_image_is_bootable_and_remembers_the_image() {
        String ubuntu = cloud.imageId("ubuntu-22.04");
        VolumeInfo v = volumes.create(demo, new VolumeSpec("root", 20, ubuntu, null, null));
        assertThat(v.bootable()).isTrue();
        // Cinder's create answer carries no image metadata (its show and list do)
        assertThat(volumes.get(demo, v.id())).get().extracting(VolumeInfo::imageId).isEqualTo(ubuntu);
    }

    @Test
    void a_volume_smaller_than_its_image_needs_is_invalid() {
        String ubuntu = cloud.imageId("ubuntu-22.04");
        CloudFailure f = failure(() -> volumes.create(demo, new VolumeSpec("root", 5, ubuntu, null, null)));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(f.cloudMessage()).isEqualTo("Invalid input received: Volume size 5GB cannot be smaller than the image minDisk size 10GB.");
    }

    @Test
    void volume_types_are_listed_and_an_unknown_one_is_not_found() {
        assertThat(volumes.volumeTypes(demo)).containsExactly("__DEFAULT__", "lvmdriver-1");
        assertThat(volumes.create(demo, new VolumeSpec("typed", 1, null, "__DEFAULT__", null)).volumeType()).isEqualTo("__DEFAULT__");
        CloudFailure f = failure(() -> volumes.create(demo, new VolumeSpec("v", 1, null, "gold", null)));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.NOT_FOUND);
    }

    @Test
    void the_eleventh_volume_is_refused_with_413_classified_as_quota() {
        for (int i = 0; i < 10; i++) {
            volumes.create(demo, VolumeSpec.of("v-" + i, 1));
        }
        CloudFailure f = failure(() -> volumes.create(demo, VolumeSpec.of("v-10", 1)));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.QUOTA);
        assertThat(f.status()).isEqualTo(413);
        assertThat(f.cloudMessage()).isEqualTo("VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded for quota 'volumes'.");
    }

    @Test
    void the_gigabytes_quota_is_a_413_too() {
        cloud.sim.setQuota("dev", "gigabytes", 100);
        volumes.create(demo, VolumeSpec.of("a", 60));
        CloudFailure f = failure(() -> volumes.create(demo, VolumeSpec.of("b", 50)));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.QUOTA);
        assertThat(f.cloudMessage()).isEqualTo("VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed "
                + "gigabytes quota. Requested 50G, quota is 100G and 60G has been consumed.");
    }

    @Test
    void limits_show_used_and_allowed_volumes_and_gigabytes() {
        volumes.create(demo, VolumeSpec.of("a", 25));
        VolumeLimits limits = volumes.limits(demo);
        assertThat(limits).isEqualTo(new VolumeLimits(1, 10, 25, 1000));
        assertThat(limits.fits(9, 100)).isTrue();
        assertThat(limits.fits(10, 1)).isFalse();
    }

    @Test
    void deleting_an_in_use_volume_is_refused_with_cinders_400() {
        String server = cloud.compute.createServer(demo, ServerSpec.of("app", cloud.flavorId("m1.small"), cloud.imageId("ubuntu-24.04"))
                .withNetworks(cloud.networkId("private")));
        VolumeInfo v = volumes.create(demo, VolumeSpec.of("app-data", 10));
        CloudFailure creating = failure(() -> volumes.delete(demo, v.id()));
        assertThat(creating.status()).isEqualTo(400);
        cloud.settle();
        cloud.compute.attachVolume(demo, server, v.id());

        CloudFailure f = failure(() -> volumes.delete(demo, v.id()));
        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.INVALID);
        assertThat(f.status()).isEqualTo(400);
        assertThat(f.cloudMessage()).startsWith("Invalid volume: Volume status must be available or error");
        assertThat(volumes.get(demo, v.id()).orElseThrow().attachedServerIds()).containsExactly(server);
    }

    @Test
    void a_missing_volume_reads_as_empty_and_deleting_it_counts_as_done() {
        assertThat(volumes.get(demo, "nope")).isEmpty();
        assertThat(volumes.delete(demo, "nope")).isTrue();
    }

    @Test
    void volumes_are_listed_across_pages() {
        VolumeApi twoPerPage = new VolumeApi(cloud.sessions, 2);
        for (int i = 0; i < 4; i++) {
            volumes.create(demo, VolumeSpec.of("paged-" + i, 1));
        }
        assertThat(twoPerPage.list(demo)).hasSize(4);
        // two full pages and an empty one that ends the walk
        assertThat(cloud.journal(e -> e.route().endsWith("/volumes/detail"), 3)).hasSize(3);
    }

    @Test
    void find_by_name_is_exact() {
        VolumeInfo a = volumes.create(demo, VolumeSpec.of("pv-1", 1));
        volumes.create(demo, VolumeSpec.of("pv-10", 1));
        assertThat(volumes.findByName(demo, "pv-1")).map(VolumeInfo::id).contains(a.id());
        assertThat(volumes.named(demo, "pv")).isEmpty();
    }

    @Test
    void a_held_create_stays_creating_until_the_hold_ends() {
        cloud.sim.holdNextTransitions("volume", 1, Duration.ofMinutes(5));
        VolumeInfo v = volumes.create(demo, VolumeSpec.of("slow", 1));
        cloud.settle();
        assertThat(volumes.get(demo, v.id()).orElseThrow().status()).isEqualTo("creating");
        cloud.clock.advance(Duration.ofMinutes(5));
        assertThat(volumes.get(demo, v.id()).orElseThrow().available()).isTrue();
    }

    @Test
    void an_available_volume_that_was_attached_once_is_reported_as_an_orphan() {
        String server = cloud.compute.createServer(demo, ServerSpec.of("app", cloud.flavorId("m1.small"), cloud.imageId("ubuntu-24.04"))
                .withNetworks(cloud.networkId("private")));
        VolumeInfo v = volumes.create(demo, VolumeSpec.of("scratch", 1));
        cloud.settle();
        assertThat(cloud.sim.orphans()).isEmpty();
        cloud.compute.attachVolume(demo, server, v.id());
        cloud.compute.detachVolume(demo, server, v.id());
        assertThat(cloud.sim.orphans()).extracting(SimOrphan::kind, SimOrphan::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("volume", v.id()));
        volumes.delete(demo, v.id());
        assertThat(cloud.sim.orphans()).as("a deleting volume is no leak").isEmpty();
    }
}
