package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** openstack4j, through our adapter, against the simulator's Glance. */
class ImageContractTest {

    SimulatedProject cloud;
    CloudCredentials demo;
    ImageApi images;

    @BeforeEach
    void start() {
        cloud = new SimulatedProject();
        demo = cloud.demo;
        images = cloud.images;
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void the_seed_images_are_listed_newest_first_active_and_public() {
        assertThat(images.list(demo)).extracting(ImageInfo::name).containsExactly("ubuntu-24.04", "ubuntu-22.04");
        ImageInfo jammy = images.findByName(demo, "ubuntu-22.04").orElseThrow();
        assertThat(jammy.active()).isTrue();
        assertThat(jammy.visibility()).isEqualTo("public");
        assertThat(jammy.diskFormat()).isEqualTo("qcow2");
        assertThat(jammy.minDiskGiB()).isEqualTo(10);
        assertThat(jammy.sizeBytes()).isPositive();
        assertThat(jammy.createdAt()).isBefore(images.findByName(demo, "ubuntu-24.04").orElseThrow().createdAt());
    }

    @Test
    void the_adapter_follows_glance_pages_that_openstack4j_does_not() {
        ImageApi onePerPage = new ImageApi(cloud.sessions, 1);
        assertThat(onePerPage.list(demo)).extracting(ImageInfo::name).containsExactly("ubuntu-24.04", "ubuntu-22.04");
        // two full pages and an empty one that ends the walk
        assertThat(cloud.journal(e -> e.route().equals("GET /image/v2/images"), 3)).hasSize(3);
    }

    @Test
    void find_by_name_is_exact() {
        assertThat(images.findByName(demo, "ubuntu")).isEmpty();
        assertThat(images.named(demo, "ubuntu-24.04")).hasSize(1);
    }

    @Test
    void an_image_is_read_by_id_and_a_missing_one_reads_as_empty() {
        String id = cloud.imageId("ubuntu-24.04");
        assertThat(images.get(demo, id)).map(ImageInfo::name).contains("ubuntu-24.04");
        assertThat(images.get(demo, "00000000-0000-0000-0000-000000000000")).isEmpty();
    }

    @Test
    void a_failing_image_service_is_unavailable() {
        cloud.sim.failNext("GET", "/image/v2/images", 1, 503);
        try {
            images.list(demo);
            throw new AssertionError("expected a failure");
        } catch (CloudFailure f) {
            assertThat(f.kind()).isEqualTo(CloudFailure.Kind.UNAVAILABLE);
            assertThat(f.action()).isEqualTo("list images");
        }
    }
}
