package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deletes take time, as in a real cloud, over plain HTTP: the resource stays readable in its deleting state for
 * the configured duration, is refused while in use with the service's own error body, and is gone afterwards.
 */
class DeleteLifecycleTest {

    static final String INVALID_VOLUME = "Invalid volume: Volume status must be available or error or error_restoring "
            + "or error_extending or error_managing and must not be migrating, attached, belong to a group, have "
            + "snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.";

    ManualClock clock;
    OpenStackSimulator sim;
    SimClient client;
    String volumes;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        SimulatorSettings fast = SimulatorSettings.fast();
        // deletes take longer than a clock step here, so the tests see that the duration is the setting's
        SimulatorSettings settings = new SimulatorSettings(fast.tokenTtl(), fast.serverBuild(), fast.volumeCreate(),
                fast.loadBalancerCreate(), fast.loadBalancerUpdate(), fast.loadBalancerDelete(), Duration.ofSeconds(5));
        sim = OpenStackSimulator.start(0, settings, clock);
        client = new SimClient(sim, "demo", "demo");
        volumes = "/volume/v3/" + sim.projectId("dev") + "/volumes";
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    String availableVolume(String name) {
        SimClient.Answer created = client.call("POST", volumes, "{\"volume\":{\"name\":\"" + name + "\",\"size\":1}}");
        assertThat(created.status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(1));
        return created.body().get("volume").get("id").asString();
    }

    @Test
    void a_volume_is_deleting_for_the_volume_delete_duration_then_404() {
        String id = availableVolume("data");
        assertThat(client.call("DELETE", volumes + "/" + id, null).status()).isEqualTo(202);

        clock.advance(Duration.ofSeconds(4));
        SimClient.Answer deleting = client.call("GET", volumes + "/" + id, null);
        assertThat(deleting.status()).isEqualTo(200);
        assertThat(deleting.body().get("volume").get("status").asString()).isEqualTo("deleting");
        assertThat(client.call("GET", volumes + "/detail", null).body().get("volumes")).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        SimClient.Answer gone = client.call("GET", volumes + "/" + id, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().toString()).isEqualTo(
                "{\"itemNotFound\":{\"message\":\"Volume " + id + " could not be found.\",\"code\":404}}");
        assertThat(client.call("GET", volumes + "/detail", null).body().get("volumes")).isEmpty();
        assertThat(sim.inventory("volume")).isEmpty();
    }

    @Test
    void deleting_a_volume_that_is_already_deleting_is_refused_with_cinders_invalid_volume() {
        String id = availableVolume("data");
        assertThat(client.call("DELETE", volumes + "/" + id, null).status()).isEqualTo(202);
        SimClient.Answer again = client.call("DELETE", volumes + "/" + id, null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().toString()).isEqualTo(
                "{\"badRequest\":{\"message\":\"" + INVALID_VOLUME + "\",\"code\":400}}");
    }

    @Test
    void an_attached_volume_is_refused_with_cinders_exact_body_and_stays_in_use() {
        String server = client.createServer("app", client.flavorId("m1.small"), client.imageId("ubuntu-24.04"),
                client.networkId("private"));
        clock.advance(Duration.ofSeconds(1));
        String id = availableVolume("data");
        SimClient.Answer attach = client.call("POST", "/compute/v2.1/servers/" + server + "/os-volume_attachments",
                "{\"volumeAttachment\":{\"volumeId\":\"" + id + "\"}}");
        assertThat(attach.status()).isEqualTo(200);

        SimClient.Answer refused = client.call("DELETE", volumes + "/" + id, null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().toString()).isEqualTo(
                "{\"badRequest\":{\"message\":\"" + INVALID_VOLUME + "\",\"code\":400}}");
        assertThat(client.call("GET", volumes + "/" + id, null).body().get("volume").get("status").asString())
                .isEqualTo("in-use");
    }
}
