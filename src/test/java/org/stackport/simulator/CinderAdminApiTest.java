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

/** Cinder's admin API over plain HTTP: volume types, quotas, QoS specs and the backend's services, hosts and pools. */
class CinderAdminApiTest {

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

    private String createType(String json) {
        SimClient.Answer a = admin.call("POST", base + "/types", json);
        assertThat(a.status()).as(a.body() == null ? "" : a.body().toString()).isEqualTo(200);
        return a.body().get("volume_type").get("id").asString();
    }

    private String createVolume(SimClient client, String json) {
        SimClient.Answer a = client.call("POST", base + "/volumes", json);
        assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(202);
        return a.body().get("volume").get("id").asString();
    }

    @Test
    void a_private_volume_type_is_usable_only_by_the_projects_it_is_shared_with() {
        String type = createType("""
                {"volume_type":{"name":"gold","description":"fast","os-volume-type-access:is_public":false,
                 "extra_specs":{"volume_backend_name":"lvmdriver-1","multiattach":"<is> False"}}}""");
        assertThat(member.call("GET", base + "/types/" + type, null).status()).isEqualTo(404);
        assertThat(member.call("POST", base + "/volumes", "{\"volume\":{\"size\":1,\"volume_type\":\"" + type + "\"}}").status())
                .isEqualTo(404);
        assertThat(admin.call("GET", base + "/types/" + type + "/os-volume-type-access", null).body()
                .get("volume_type_access")).isEmpty();

        assertThat(admin.call("POST", base + "/types/" + type + "/action",
                "{\"addProjectAccess\":{\"project\":\"" + sim.projectId("dev") + "\"}}").status()).isEqualTo(202);
        assertThat(admin.call("POST", base + "/types/" + type + "/action",
                "{\"addProjectAccess\":{\"project\":\"" + sim.projectId("dev") + "\"}}").status()).isEqualTo(409);
        JsonNode seen = member.call("GET", base + "/types/" + type, null).body().get("volume_type");
        assertThat(seen.get("os-volume-type-access:is_public").asBoolean()).isFalse();
        // a member sees only the user-visible extra specs, and no QoS specs id
        assertThat(seen.get("extra_specs").propertyNames()).containsExactly("multiattach");
        assertThat(seen.has("qos_specs_id")).isFalse();
        String volume = createVolume(member, "{\"volume\":{\"size\":1,\"volume_type\":\"" + type + "\"}}");
        assertThat(member.call("GET", base + "/volumes/" + volume, null).body().get("volume").get("volume_type").asString())
                .isEqualTo("gold");
        assertThat(admin.call("DELETE", base + "/types/" + type, null).body().get("badRequest").get("message").asString())
                .isEqualTo("Target volume type is still in use.");
    }

    @Test
    void only_admins_manage_types_and_names_are_unique() {
        assertThat(member.call("POST", base + "/types", "{\"volume_type\":{\"name\":\"x\"}}").status()).isEqualTo(403);
        createType("{\"volume_type\":{\"name\":\"silver\"}}");
        assertThat(admin.call("POST", base + "/types", "{\"volume_type\":{\"name\":\"silver\"}}").status()).isEqualTo(409);
        assertThat(admin.call("POST", base + "/types", "{\"volume_type\":{\"name\":\"\"}}").status()).isEqualTo(400);
        assertThat(admin.call("DELETE", base + "/types/" + java.util.UUID.randomUUID(), null).status()).isEqualTo(404);
    }

    @Test
    void type_updates_and_extra_specs_follow_cinders_rules() {
        String type = createType("{\"volume_type\":{\"name\":\"bronze\",\"extra_specs\":{\"spec1\":\"v1\"}}}");
        SimClient.Answer updated = admin.call("PUT", base + "/types/" + type,
                "{\"volume_type\":{\"name\":\"copper\",\"is_public\":false}}");
        assertThat(updated.body().get("volume_type").get("name").asString()).isEqualTo("copper");
        assertThat(updated.body().get("volume_type").get("is_public").asBoolean()).isFalse();
        assertThat(admin.call("PUT", base + "/types/" + type, "{\"volume_type\":{}}").status()).isEqualTo(400);

        assertThat(admin.call("PUT", base + "/types/" + type + "/extra_specs/spec1", "{\"other\":\"v\"}").body()
                .get("badRequest").get("message").asString()).isEqualTo("Request body and URI mismatch");
        assertThat(admin.call("PUT", base + "/types/" + type + "/extra_specs/spec1", "{\"spec1\":\"a\",\"spec2\":\"b\"}")
                .status()).isEqualTo(400);
        assertThat(admin.call("POST", base + "/types/" + type + "/extra_specs", "{\"extra_specs\":[\"invalid\"]}").status())
                .isEqualTo(400);
        assertThat(admin.call("PUT", base + "/types/" + type + "/extra_specs/spec1", "{\"spec1\":\"v2\"}").body()
                .get("spec1").asString()).isEqualTo("v2");
        assertThat(admin.call("DELETE", base + "/types/" + type + "/extra_specs/spec1", null).status()).isEqualTo(202);
        assertThat(admin.call("GET", base + "/types/" + type + "/extra_specs/spec1", null).status()).isEqualTo(404);

        SimClient.Answer encryption = admin.call("POST", base + "/types/" + type + "/encryption",
                "{\"encryption\":{\"provider\":\"luks\",\"control_location\":\"front-end\",\"key_size\":\"256\"}}");
        assertThat(encryption.body().get("encryption").get("volume_type_id").asString()).isEqualTo(type);
        assertThat(encryption.body().get("encryption").get("key_size").asInt()).isEqualTo(256);
        assertThat(admin.call("GET", base + "/types/" + type + "/encryption/provider", null).body().get("provider").asString())
                .isEqualTo("luks");
        assertThat(admin.call("DELETE", base + "/types/" + type + "/encryption/provider", null).status()).isEqualTo(202);
        assertThat(admin.call("GET", base + "/types/" + type + "/encryption", null).body().isEmpty()).isTrue();
    }

    @Test
    void quota_sets_count_usage_refuse_limits_below_it_and_fall_back_to_the_defaults() {
        String dev = sim.projectId("dev");
        createVolume(member, "{\"volume\":{\"size\":3}}");
        JsonNode usage = member.call("GET", base + "/os-quota-sets/" + dev + "?usage=true", null).body().get("quota_set");
        assertThat(usage.get("volumes").get("in_use").asInt()).isEqualTo(1);
        assertThat(usage.get("gigabytes").get("in_use").asInt()).isEqualTo(3);
        assertThat(usage.get("volumes_lvmdriver-1").get("in_use").asInt()).isEqualTo(1);

        assertThat(member.call("PUT", base + "/os-quota-sets/" + dev, "{\"quota_set\":{\"volumes\":5}}").status()).isEqualTo(403);
        SimClient.Answer refused = admin.call("PUT", base + "/os-quota-sets/" + dev, "{\"quota_set\":{\"gigabytes\":2}}");
        assertThat(refused.body().get("badRequest").get("message").asString()).isEqualTo("Quota gigabytes limit must be "
                + "equal or greater than existing resources. Current usage is 3 and the requested limit is 2.");
        JsonNode set = admin.call("PUT", base + "/os-quota-sets/" + dev, "{\"quota_set\":{\"volumes\":1}}").body().get("quota_set");
        assertThat(set.get("volumes").asInt()).isEqualTo(1);
        assertThat(set.has("id")).isFalse();
        assertThat(member.call("POST", base + "/volumes", "{\"volume\":{\"size\":1}}").status()).isEqualTo(413);

        assertThat(admin.call("DELETE", base + "/os-quota-sets/" + dev, null).status()).isEqualTo(200);
        assertThat(admin.call("GET", base + "/os-quota-sets/" + dev, null).body().get("quota_set").get("volumes").asInt())
                .isEqualTo(10);
        assertThat(admin.call("GET", base + "/os-quota-sets/" + dev + "/defaults", null).body().get("quota_set")
                .get("snapshots").asInt()).isEqualTo(10);
    }

    @Test
    void per_type_and_per_volume_quotas_are_enforced() {
        String dev = sim.projectId("dev");
        admin.call("PUT", base + "/os-quota-sets/" + dev, "{\"quota_set\":{\"volumes_lvmdriver-1\":0,\"per_volume_gigabytes\":5}}");
        SimClient.Answer typed = member.call("POST", base + "/volumes", "{\"volume\":{\"size\":1}}");
        assertThat(typed.status()).isEqualTo(413);
        assertThat(typed.body().get("overLimit").get("message").asString()).contains("quota 'volumes_lvmdriver-1'");
        SimClient.Answer big = member.call("POST", base + "/volumes", "{\"volume\":{\"size\":6,\"volume_type\":\"__DEFAULT__\"}}");
        assertThat(big.body().get("overLimit").get("message").asString())
                .isEqualTo("VolumeSizeExceedsLimit: Requested volume size 6G is larger than maximum allowed limit 5G.");
    }

    @Test
    void the_default_quota_class_sets_what_new_projects_get() {
        assertThat(member.call("GET", base + "/os-quota-class-sets/default", null).status()).isEqualTo(403);
        JsonNode updated = admin.call("PUT", base + "/os-quota-class-sets/default",
                "{\"quota_class_set\":{\"volumes\":12,\"gigabytes_lvmdriver-1\":7}}").body().get("quota_class_set");
        assertThat(updated.get("volumes").asInt()).isEqualTo(12);
        assertThat(admin.call("GET", base + "/os-quota-class-sets/default", null).body().get("quota_class_set")
                .get("id").asString()).isEqualTo("default");
        JsonNode defaults = admin.call("GET", base + "/os-quota-sets/" + sim.projectId("admin") + "/defaults", null)
                .body().get("quota_set");
        assertThat(defaults.get("volumes").asInt()).isEqualTo(12);
        assertThat(defaults.get("gigabytes_lvmdriver-1").asInt()).isEqualTo(7);
        assertThat(admin.call("PUT", base + "/os-quota-class-sets/default", "{\"quota_class_set\":{\"bogus\":1}}").status())
                .isEqualTo(400);
    }

    @Test
    void qos_specs_associate_with_types_and_are_not_deleted_while_associated() {
        assertThat(member.call("GET", base + "/qos-specs", null).status()).isEqualTo(403);
        SimClient.Answer created = admin.call("POST", base + "/qos-specs",
                "{\"qos_specs\":{\"name\":\"limited\",\"consumer\":\"front-end\",\"read_iops_sec\":\"2000\"}}");
        assertThat(created.status()).isEqualTo(200);
        String qos = created.body().get("qos_specs").get("id").asString();
        assertThat(created.body().get("qos_specs").get("specs").get("read_iops_sec").asString()).isEqualTo("2000");
        String type = createType("{\"volume_type\":{\"name\":\"metered\"}}");
        assertThat(admin.call("GET", base + "/qos-specs/" + qos + "/associate?vol_type_id=" + type, null).status()).isEqualTo(202);
        assertThat(admin.call("GET", base + "/types/" + type, null).body().get("volume_type").get("qos_specs_id").asString())
                .isEqualTo(qos);
        assertThat(admin.call("GET", base + "/qos-specs/" + qos + "/associations", null).body().get("qos_associations")
                .get(0).get("id").asString()).isEqualTo(type);
        assertThat(admin.call("DELETE", base + "/qos-specs/" + qos + "?force=False", null).status()).isEqualTo(400);
        assertThat(admin.call("PUT", base + "/qos-specs/" + qos + "/delete_keys", "{\"keys\":[\"read_iops_sec\"]}").status())
                .isEqualTo(202);
        assertThat(admin.call("GET", base + "/qos-specs/" + qos + "/disassociate_all", null).status()).isEqualTo(202);
        assertThat(admin.call("DELETE", base + "/qos-specs/" + qos, null).status()).isEqualTo(202);
        assertThat(admin.call("GET", base + "/qos-specs/" + qos, null).status()).isEqualTo(404);
    }

    @Test
    void admins_see_the_backend_services_hosts_pools_and_capabilities() {
        assertThat(member.call("GET", base + "/os-services", null).status()).isEqualTo(403);
        JsonNode services = admin.call("GET", base + "/os-services?host=stackport-sim", null).body().get("services");
        List<String> binaries = new ArrayList<>();
        services.forEach(s -> binaries.add(s.get("binary").asString()));
        assertThat(binaries).containsExactlyInAnyOrder("cinder-scheduler", "cinder-volume");
        assertThat(admin.call("GET", base + "/os-services?binary=cinder-volume", null).body().get("services")).hasSize(1);

        SimClient.Answer disabled = admin.call("PUT", base + "/os-services/disable-log-reason",
                "{\"host\":\"stackport-sim@lvmdriver-1\",\"binary\":\"cinder-volume\",\"disabled_reason\":\"upgrade\"}");
        assertThat(disabled.body().get("status").asString()).isEqualTo("disabled");
        assertThat(admin.call("PUT", base + "/os-services/enable", "{\"host\":\"invalid\",\"binary\":\"cinder-volume\"}")
                .status()).isEqualTo(404);
        assertThat(admin.call("PUT", base + "/os-services/freeze", "{\"host\":\"invalid\"}").status()).isEqualTo(400);

        JsonNode hosts = admin.call("GET", base + "/os-hosts", null).body().get("hosts");
        assertThat(hosts).hasSize(2);
        createVolume(member, "{\"volume\":{\"size\":4}}");
        JsonNode total = admin.call("GET", base + "/os-hosts/stackport-sim@lvmdriver-1", null).body().get("host").get(0)
                .get("resource");
        assertThat(total.get("project").asString()).isEqualTo("(total)");
        assertThat(total.get("total_volume_gb").asString()).isEqualTo("4");

        JsonNode pool = admin.call("GET", base + "/scheduler-stats/get_pools?detail=True", null).body().get("pools").get(0);
        assertThat(pool.get("capabilities").get("vendor_name").asString()).isEqualTo("Open Source");
        assertThat(pool.get("capabilities").get("free_capacity_gb").asDouble()).isEqualTo(9996.0);
        assertThat(admin.call("GET", base + "/scheduler-stats/get_pools", null).body().get("pools").get(0).has("capabilities"))
                .isFalse();
        SimClient.Answer answer = admin.call("GET", base + "/capabilities/" + pool.get("name").asString().replace("#", "%23"), null);
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
        JsonNode capabilities = answer.body();
        assertThat(capabilities.get("namespace").asString()).startsWith("OS::Storage::Capabilities::");
        assertThat(capabilities.get("storage_protocol").asString()).isEqualTo("iSCSI");

        assertThat(member.call("GET", base + "/os-availability-zone", null).body().get("availabilityZoneInfo").get(0)
                .get("zoneName").asString()).isEqualTo("nova");
        List<String> names = new ArrayList<>();
        member.call("GET", base + "/extensions", null).body().get("extensions").forEach(e -> names.add(e.get("name").asString()));
        assertThat(names).contains("Hosts", "TypesManage", "VolumeTransfer");
        clock.advance(Duration.ofSeconds(1));
    }
}
