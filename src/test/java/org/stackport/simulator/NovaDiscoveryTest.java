package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The read routes a client calls on Nova before it provisions: quota sets, flavor extra specs, paged flavors,
 * and the availability zones with the hosts that only admins may see, over plain HTTP.
 */
class NovaDiscoveryTest {

    static final String COMPUTE = "/compute/v2.1";

    OpenStackSimulator sim;
    SimClient demo;
    SimClient admin;
    String project;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), new ManualClock(Instant.now()));
        demo = new SimClient(sim, "demo", "demo");
        admin = new SimClient(sim, "admin", "admin");
        project = sim.projectId("dev");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void a_project_reads_its_quota_set_with_usage_in_detail_and_the_defaults() {
        sim.setQuota("dev", "instances", 3);
        demo.createServer("vm", demo.flavorId("m1.small"), demo.imageId("ubuntu-24.04"), demo.networkId("private"));

        SimClient.Answer show = demo.call("GET", COMPUTE + "/os-quota-sets/" + project, null);
        assertThat(show.status()).isEqualTo(200);
        JsonNode set = show.body().get("quota_set");
        assertThat(set.get("id").asString()).isEqualTo(project);
        assertThat(set.get("instances").asInt()).isEqualTo(3);
        assertThat(set.get("cores").asInt()).isEqualTo(20);
        assertThat(set.get("ram").asInt()).isEqualTo(51200);
        assertThat(set.get("key_pairs").asInt()).isEqualTo(100);
        assertThat(set.get("server_groups").asInt()).isEqualTo(10);
        assertThat(set.get("server_group_members").asInt()).isEqualTo(10);
        assertThat(set.get("metadata_items").asInt()).isEqualTo(128);
        assertThat(set.get("injected_files").asInt()).isEqualTo(5);
        // the network quotas Nova no longer keeps (Neutron does): unlimited, until 2.36 drops them
        assertThat(set.get("floating_ips").asInt()).isEqualTo(-1);
        assertThat(set.get("security_groups").asInt()).isEqualTo(-1);

        JsonNode detail = demo.call("GET", COMPUTE + "/os-quota-sets/" + project + "/detail", null).body().get("quota_set");
        assertThat(detail.get("instances").get("limit").asInt()).isEqualTo(3);
        assertThat(detail.get("instances").get("in_use").asInt()).isEqualTo(1);
        assertThat(detail.get("instances").get("reserved").asInt()).isEqualTo(0);
        assertThat(detail.get("cores").get("in_use").asInt()).isEqualTo(1);
        assertThat(detail.get("id").asString()).isEqualTo(project);

        JsonNode defaults = demo.call("GET", COMPUTE + "/os-quota-sets/" + project + "/defaults", null).body().get("quota_set");
        assertThat(defaults.get("instances").asInt()).isEqualTo(10);
    }

    @Test
    void a_member_may_not_read_another_projects_quota_set_but_an_admin_may() {
        String other = sim.projectId("admin");
        SimClient.Answer refused = demo.call("GET", COMPUTE + "/os-quota-sets/" + other, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().at("/forbidden/message").asString())
                .isEqualTo("Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
        assertThat(demo.call("GET", COMPUTE + "/os-quota-sets/" + other + "/detail", null).status()).isEqualTo(403);
        assertThat(admin.call("GET", COMPUTE + "/os-quota-sets/" + project, null).status()).isEqualTo(200);
    }

    @Test
    void flavors_have_extra_specs_readable_by_key() {
        String small = demo.flavorId("m1.small");
        SimClient.Answer specs = demo.call("GET", COMPUTE + "/flavors/" + small + "/os-extra_specs", null);
        assertThat(specs.status()).isEqualTo(200);
        assertThat(specs.body().at("/extra_specs/hw_rng:allowed").asString()).isEqualTo("True");

        SimClient.Answer one = demo.call("GET", COMPUTE + "/flavors/" + small + "/os-extra_specs/hw_rng:allowed", null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(SimClient.JSON.writeValueAsString(one.body())).isEqualTo("{\"hw_rng:allowed\":\"True\"}");

        SimClient.Answer missing = demo.call("GET", COMPUTE + "/flavors/" + small + "/os-extra_specs/hw:cpu_policy", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().at("/itemNotFound/message").asString())
                .isEqualTo("Flavor " + small + " has no extra specs with key hw:cpu_policy.");
        assertThat(demo.call("GET", COMPUTE + "/flavors/99/os-extra_specs", null).body().at("/itemNotFound/message").asString())
                .isEqualTo("Flavor 99 could not be found.");
    }

    @Test
    void flavors_are_paged_by_limit_and_marker_and_an_unknown_marker_is_refused() {
        JsonNode all = demo.call("GET", COMPUTE + "/flavors", null).body().get("flavors");
        assertThat(all.size()).isGreaterThan(2);

        JsonNode first = demo.call("GET", COMPUTE + "/flavors?limit=2", null).body();
        assertThat(first.get("flavors")).hasSize(2);
        String last = first.at("/flavors/1/id").asString();
        assertThat(first.at("/flavors_links/0/rel").asString()).isEqualTo("next");
        assertThat(first.at("/flavors_links/0/href").asString()).endsWith("/compute/v2.1/flavors?limit=2&marker=" + last);

        JsonNode rest = demo.call("GET", COMPUTE + "/flavors/detail?marker=" + last, null).body();
        assertThat(rest.get("flavors")).hasSize(all.size() - 2);
        assertThat(rest.at("/flavors/0/id").asString()).isEqualTo(all.get(2).get("id").asString());
        assertThat(rest.has("flavors_links")).isFalse();

        SimClient.Answer unknown = demo.call("GET", COMPUTE + "/flavors?marker=nope", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().at("/badRequest/message").asString()).isEqualTo("marker [nope] not found");
    }

    @Test
    void availability_zone_detail_with_hosts_and_internal_services_is_for_admins() {
        SimClient.Answer refused = demo.call("GET", COMPUTE + "/os-availability-zone/detail", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().at("/forbidden/message").asString())
                .isEqualTo("Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed.");
        JsonNode zones = demo.call("GET", COMPUTE + "/os-availability-zone", null).body().get("availabilityZoneInfo");
        assertThat(zones.findValuesAsString("zoneName")).doesNotContain("internal");
        zones.forEach(z -> assertThat(z.get("hosts").isNull()).isTrue());

        JsonNode detail = admin.call("GET", COMPUTE + "/os-availability-zone/detail", null).body().get("availabilityZoneInfo");
        assertThat(detail.findValuesAsString("zoneName")).contains("internal", "nova");
        assertThat(detail.findValue("hosts").isObject()).isTrue();
    }
}
