package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cinder's volume API over plain HTTP: update, list order and paging, actions, metadata, snapshots and transfers. */
class CinderVolumeApiTest {

    OpenStackSimulator sim;
    ManualClock clock;
    SimClient member;
    SimClient admin;
    String base;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        member = new SimClient(sim, "demo", "demo");
        admin = new SimClient(sim, "admin", "admin");
        base = "/volume/v3/" + sim.projectId("dev");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String volume(int size) {
        SimClient.Answer a = member.call("POST", base + "/volumes", "{\"volume\":{\"size\":" + size + "}}");
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(202);
        return a.body().get("volume").get("id").asString();
    }

    private JsonNode show(String id) {
        return member.call("GET", base + "/volumes/" + id, null).body().get("volume");
    }

    private String status(String id) {
        return show(id).get("status").asString();
    }

    private int action(SimClient client, String id, String json) {
        return client.call("POST", base + "/volumes/" + id + "/action", json).status();
    }

    @Test
    void a_volume_is_renamed_with_put_and_the_collection_needs_no_trailing_slash() {
        String id = volume(1);
        SimClient.Answer updated = member.call("PUT", base + "/volumes/" + id,
                "{\"volume\":{\"name\":\"renamed\",\"description\":\"d\",\"metadata\":{\"k\":\"v\"}}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("volume").get("name").asString()).isEqualTo("renamed");
        // the update answer, like the create answer, is Cinder's bare view
        assertThat(updated.body().get("volume").has("os-vol-tenant-attr:tenant_id")).isFalse();
        assertThat(show(id).get("metadata").get("k").asString()).isEqualTo("v");
        assertThat(member.call("PUT", base + "/volumes/" + java.util.UUID.randomUUID(), "{\"volume\":{\"name\":\"x\"}}").status())
                .isEqualTo(404);
        assertThat(member.call("GET", base + "/volumes/", null).status()).isEqualTo(404);
        assertThat(member.call("DELETE", base + "/volumes/", null).status()).isEqualTo(404);
    }

    @Test
    void lists_sort_by_key_and_page_by_marker_offset_and_limit() {
        List<String> ids = new ArrayList<>(List.of(volume(1), volume(1), volume(1), volume(1)));
        ids.sort(null);
        JsonNode asc = member.call("GET", base + "/volumes/detail?sort=id:asc", null).body().get("volumes");
        assertThat(asc.get(0).get("id").asString()).isEqualTo(ids.get(0));
        JsonNode desc = member.call("GET", base + "/volumes?sort_key=id&sort_dir=desc&limit=2", null).body();
        assertThat(desc.get("volumes").get(0).get("id").asString()).isEqualTo(ids.get(3));
        assertThat(desc.get("volumes_links").get(0).get("rel").asString()).isEqualTo("next");
        JsonNode afterMarker = member.call("GET", base + "/volumes?sort=id:asc&marker=" + ids.get(1), null).body().get("volumes");
        assertThat(afterMarker).hasSize(2);
        assertThat(member.call("GET", base + "/volumes?offset=3&limit=3", null).body().get("volumes")).hasSize(1);
        assertThat(member.call("GET", base + "/volumes?sort=id:sideways", null).status()).isEqualTo(400);
        // an admin lists another project's volumes with all_tenants and project_id
        JsonNode others = admin.call("GET", base + "/volumes/detail?all_tenants=1&project_id=" + sim.projectId("dev"), null)
                .body().get("volumes");
        assertThat(others).hasSize(4);
        assertThat(admin.call("GET", base + "/volumes?all_tenants=1&project_id=" + sim.projectId("admin"), null).body()
                .get("volumes")).isEmpty();
    }

    @Test
    void the_attach_handshake_moves_a_volume_through_cinders_states() {
        String id = volume(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(action(member, id, "{\"os-reserve\":{}}")).isEqualTo(202);
        assertThat(status(id)).isEqualTo("attaching");
        assertThat(action(member, id, "{\"os-reserve\":{}}")).isEqualTo(400);
        assertThat(action(member, id, "{\"os-unreserve\":{}}")).isEqualTo(202);
        assertThat(status(id)).isEqualTo("available");

        String server = java.util.UUID.randomUUID().toString();
        assertThat(action(member, id, "{\"os-attach\":{\"instance_uuid\":\"" + server + "\",\"mountpoint\":\"/dev/vdb\"}}"))
                .isEqualTo(202);
        JsonNode attached = show(id);
        assertThat(attached.get("status").asString()).isEqualTo("in-use");
        assertThat(attached.get("attachments").get(0).get("server_id").asString()).isEqualTo(server);
        assertThat(attached.get("metadata").get("attached_mode").asString()).isEqualTo("rw");
        assertThat(action(member, id, "{\"os-begin_detaching\":{}}")).isEqualTo(202);
        assertThat(status(id)).isEqualTo("detaching");
        assertThat(action(member, id, "{\"os-roll_detaching\":{}}")).isEqualTo(202);
        assertThat(status(id)).isEqualTo("in-use");
        assertThat(member.call("DELETE", base + "/volumes/" + id, null).status()).isEqualTo(400);
        assertThat(action(member, id, "{\"os-detach\":{}}")).isEqualTo(202);
        assertThat(status(id)).isEqualTo("available");
        assertThat(show(id).get("attachments")).isEmpty();
        assertThat(action(member, id, "{\"os-no_such_thing\":{}}")).isEqualTo(400);
    }

    @Test
    void extend_and_retype_take_effect_when_their_transition_ends() {
        String id = volume(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(action(member, id, "{\"os-extend\":{\"new_size\":1}}")).isEqualTo(400);
        assertThat(action(member, id, "{\"os-extend\":{\"new_size\":null}}")).isEqualTo(400);
        assertThat(action(member, id, "{\"os-extend\":{\"new_size\":\"4\"}}")).isEqualTo(202);
        assertThat(show(id).get("status").asString()).isEqualTo("extending");
        assertThat(show(id).get("size").asInt()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(show(id).get("status").asString()).isEqualTo("available");
        assertThat(show(id).get("size").asInt()).isEqualTo(4);

        assertThat(action(member, id, "{\"os-retype\":{\"new_type\":\"__DEFAULT__\",\"migration_policy\":\"never\"}}"))
                .isEqualTo(202);
        assertThat(show(id).get("status").asString()).isEqualTo("retyping");
        assertThat(show(id).get("volume_type").asString()).isEqualTo("lvmdriver-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(show(id).get("volume_type").asString()).isEqualTo("__DEFAULT__");
    }

    @Test
    void admins_reset_status_force_delete_and_force_detach() {
        String id = volume(1);
        assertThat(action(member, id, "{\"os-reset_status\":{\"status\":\"error\"}}")).isEqualTo(403);
        assertThat(action(admin, id, "{\"os-reset_status\":{\"status\":\"maintenance\"}}")).isEqualTo(202);
        assertThat(status(id)).isEqualTo("maintenance");
        assertThat(member.call("PUT", base + "/volumes/" + id, "{\"volume\":{\"name\":\"x\"}}").status()).isEqualTo(400);
        assertThat(member.call("DELETE", base + "/volumes/" + id, null).status()).isEqualTo(400);
        assertThat(action(admin, id, "{\"os-reset_status\":{\"status\":\"bogus\"}}")).isEqualTo(400);
        assertThat(action(admin, id, "{\"os-force_delete\":{}}")).isEqualTo(202);
        assertThat(status(id)).isEqualTo("deleting");

        String other = volume(1);
        clock.advance(Duration.ofSeconds(1));
        action(member, other, "{\"os-attach\":{\"instance_uuid\":\"" + java.util.UUID.randomUUID() + "\",\"mountpoint\":\"/dev/vdb\"}}");
        String attachment = show(other).get("attachments").get(0).get("attachment_id").asString();
        action(admin, other, "{\"os-reset_status\":{\"status\":\"error\"}}");
        assertThat(action(admin, other, "{\"os-force_detach\":{\"attachment_id\":\"" + attachment + "\",\"connector\":null}}"))
                .isEqualTo(202);
        assertThat(status(other)).isEqualTo("available");
    }

    @Test
    void flags_and_metadata_are_kept_as_cinder_keeps_them() {
        String id = volume(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(member.call("POST", base + "/volumes/" + id + "/action", "{\"os-set_bootable\":{\"bootable\":true}}").status())
                .isEqualTo(200);
        assertThat(show(id).get("bootable").asString()).isEqualTo("true");
        assertThat(action(member, id, "{\"os-update_readonly_flag\":{\"readonly\":true}}")).isEqualTo(202);
        assertThat(show(id).get("metadata").get("readonly").asString()).isEqualTo("True");

        String metadata = base + "/volumes/" + id + "/metadata";
        member.call("POST", metadata, "{\"metadata\":{\"a\":\"1\",\"b\":\"2\"}}");
        JsonNode replaced = member.call("PUT", metadata, "{\"metadata\":{\"b\":\"3\"}}").body().get("metadata");
        assertThat(replaced.propertyNames()).containsExactly("b");
        assertThat(member.call("PUT", metadata + "/b", "{\"meta\":{\"c\":\"1\"}}").status()).isEqualTo(400);
        assertThat(member.call("PUT", metadata + "/b", "{\"meta\":{\"b\":\"4\"}}").body().get("meta").get("b").asString())
                .isEqualTo("4");
        assertThat(member.call("GET", metadata + "/b", null).body().get("meta").get("b").asString()).isEqualTo("4");
        assertThat(member.call("DELETE", metadata + "/b", null).status()).isEqualTo(200);
        assertThat(member.call("GET", metadata + "/b", null).status()).isEqualTo(404);

        assertThat(member.call("POST", base + "/volumes/" + id + "/action",
                "{\"os-set_image_metadata\":{\"metadata\":{\"image_name\":\"i\",\"ramdisk_id\":\"r\"}}}").status()).isEqualTo(200);
        assertThat(member.call("POST", base + "/volumes/" + id + "/action",
                "{\"os-unset_image_metadata\":{\"key\":\"ramdisk_id\"}}").status()).isEqualTo(200);
        JsonNode image = member.call("POST", base + "/volumes/" + id + "/action", "{\"os-show_image_metadata\":{}}").body();
        assertThat(image.get("metadata").propertyNames()).containsExactly("image_name");
        assertThat(show(id).get("volume_image_metadata").get("image_name").asString()).isEqualTo("i");
    }

    @Test
    void nova_boots_only_from_a_volume_cinder_marks_bootable() {
        String id = volume(10);
        clock.advance(Duration.ofSeconds(1));
        String bdm = """
                {"server":{"name":"vm","flavorRef":"%s","imageRef":"","networks":[{"uuid":"%s"}],
                 "block_device_mapping_v2":[{"boot_index":"0","uuid":"%s","source_type":"volume","destination_type":"volume"}]}}"""
                .formatted(member.flavorId("m1.small"), member.networkId("private"), id);
        SimClient.Answer refused = member.call("POST", "/compute/v2.1/servers", bdm);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("badRequest").get("message").asString()).isEqualTo("Block Device " + id + " is not bootable.");
        member.call("POST", base + "/volumes/" + id + "/action", "{\"os-set_bootable\":{\"bootable\":true}}");
        assertThat(member.call("POST", "/compute/v2.1/servers", bdm).status()).isEqualTo(202);
    }

    @Test
    void snapshots_hold_their_volume_count_in_quota_and_seed_new_volumes() {
        String id = volume(3);
        clock.advance(Duration.ofSeconds(1));
        SimClient.Answer created = member.call("POST", base + "/snapshots",
                "{\"snapshot\":{\"volume_id\":\"" + id + "\",\"name\":\"snap\",\"metadata\":{\"k\":\"v\"}}}");
        assertThat(created.status()).isEqualTo(202);
        String snapshot = created.body().get("snapshot").get("id").asString();
        assertThat(created.body().get("snapshot").get("status").asString()).isEqualTo("creating");
        clock.advance(Duration.ofSeconds(1));
        JsonNode shown = member.call("GET", base + "/snapshots/" + snapshot, null).body().get("snapshot");
        assertThat(shown.get("status").asString()).isEqualTo("available");
        assertThat(shown.get("os-extended-snapshot-attributes:progress").asString()).isEqualTo("100%");
        assertThat(sim.quotaUsage("dev", "gigabytes")).isEqualTo(6);
        assertThat(member.call("DELETE", base + "/volumes/" + id, null).status()).isEqualTo(400);
        assertThat(member.call("POST", base + "/snapshots", "{\"snapshot\":{\"volume_id\":null}}").status()).isEqualTo(404);

        SimClient.Answer copy = member.call("POST", base + "/volumes", "{\"volume\":{\"snapshot_id\":\"" + snapshot + "\"}}");
        assertThat(copy.body().get("volume").get("size").asInt()).isEqualTo(3);
        assertThat(copy.body().get("volume").get("snapshot_id").asString()).isEqualTo(snapshot);
        assertThat(member.call("GET", base + "/snapshots/" + snapshot + "/metadata", null).body().get("metadata").get("k")
                .asString()).isEqualTo("v");

        assertThat(member.call("DELETE", base + "/snapshots/" + snapshot, null).status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(1));
        assertThat(member.call("GET", base + "/snapshots/" + snapshot, null).status()).isEqualTo(404);
        assertThat(member.call("DELETE", base + "/volumes/" + id, null).status()).isEqualTo(202);
    }

    @Test
    void a_transfer_gives_the_volume_to_the_project_that_accepts_it() {
        sim.addUser("ops", "ops", "member", "admin");
        SimClient other = new SimClient(sim, "ops", "ops", "admin");
        String otherBase = "/volume/v3/" + sim.projectId("admin");
        String id = volume(2);
        clock.advance(Duration.ofSeconds(1));
        SimClient.Answer offer = member.call("POST", base + "/os-volume-transfer", "{\"transfer\":{\"volume_id\":\"" + id + "\"}}");
        assertThat(offer.status()).isEqualTo(202);
        String transfer = offer.body().get("transfer").get("id").asString();
        String key = offer.body().get("transfer").get("auth_key").asString();
        assertThat(status(id)).isEqualTo("awaiting-transfer");
        assertThat(member.call("GET", base + "/os-volume-transfer/detail", null).body().get("transfers").get(0)
                .get("volume_id").asString()).isEqualTo(id);

        assertThat(other.call("POST", otherBase + "/os-volume-transfer/" + transfer + "/accept",
                "{\"accept\":{\"auth_key\":\"wrong\"}}").status()).isEqualTo(400);
        assertThat(other.call("POST", otherBase + "/os-volume-transfer/" + transfer + "/accept",
                "{\"accept\":{\"auth_key\":\"" + key + "\"}}").status()).isEqualTo(202);
        JsonNode moved = other.call("GET", otherBase + "/volumes/" + id, null).body().get("volume");
        assertThat(moved.get("status").asString()).isEqualTo("available");
        assertThat(moved.get("os-vol-tenant-attr:tenant_id").asString()).isEqualTo(sim.projectId("admin"));
        assertThat(member.call("GET", base + "/volumes/" + id, null).status()).isEqualTo(404);
        assertThat(sim.quotaUsage("admin", "gigabytes")).isEqualTo(2);
        assertThat(sim.quotaUsage("dev", "gigabytes")).isZero();
        assertThat(member.call("GET", base + "/os-volume-transfer/" + transfer, null).status()).isEqualTo(404);
    }
}
