package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Details of real clouds over plain HTTP: what only admins see, and what Neutron says it implements. */
class SimulatorFidelityTest {

    OpenStackSimulator sim;
    SimClient member;
    SimClient admin;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), new ManualClock(Instant.parse("2026-03-01T10:00:00Z")));
        member = new SimClient(sim, "demo", "demo");
        admin = new SimClient(sim, "admin", "admin");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void cinders_host_attribute_reaches_admins_only_and_the_owner_reaches_the_projects_readers() {
        String volumes = "/volume/v3/" + sim.projectId("dev") + "/volumes";
        SimClient.Answer created = member.call("POST", volumes, "{\"volume\":{\"name\":\"data\",\"size\":1}}");
        // the create answer is Cinder's bare view: no API extension adds to it
        assertThat(created.body().get("volume").has("os-vol-host-attr:host")).isFalse();
        assertThat(created.body().get("volume").has("os-vol-tenant-attr:tenant_id")).isFalse();
        String id = created.body().get("volume").get("id").asString();
        for (JsonNode v : List.of(member.call("GET", volumes + "/" + id, null).body().get("volume"),
                member.call("GET", volumes + "/detail", null).body().get("volumes").get(0))) {
            assertThat(v.has("os-vol-host-attr:host")).isFalse();
            assertThat(v.has("os-vol-mig-status-attr:migstat")).isFalse();
            // Cinder's volume_tenant_attribute policy: system or project reader
            assertThat(v.get("os-vol-tenant-attr:tenant_id").asString()).isEqualTo(sim.projectId("dev"));
        }
        JsonNode seenByAdmin = admin.call("GET", volumes + "/" + id, null).body().get("volume");
        assertThat(seenByAdmin.get("os-vol-host-attr:host").asString()).isNotEmpty();
        assertThat(seenByAdmin.get("os-vol-tenant-attr:tenant_id").asString()).isEqualTo(sim.projectId("dev"));
        assertThat(seenByAdmin.has("os-vol-mig-status-attr:migstat")).isTrue();
    }

    @Test
    void neutron_lists_the_extensions_it_implements_and_no_others() {
        SimClient.Answer list = member.call("GET", "/network/v2.0/extensions", null);
        assertThat(list.status()).isEqualTo(200);
        List<String> aliases = new ArrayList<>();
        list.body().get("extensions").forEach(e -> {
            aliases.add(e.get("alias").asString());
            assertThat(e.get("name").asString()).isNotEmpty();
            assertThat(e.get("description").asString()).isNotEmpty();
            assertThat(e.has("updated")).isTrue();
            assertThat(e.get("links").isArray()).isTrue();
        });
        assertThat(aliases).contains("router", "external-net", "security-group", "quotas", "quota_details",
                "standard-attr-tag", "allowed-address-pairs", "port-security", "ext-gw-mode", "net-mtu", "extra_dhcp_opt", "binding",
                "extraroute", "agent", "subnet_allocation");
        assertThat(aliases).doesNotContain("l3-ha", "dvr", "trunk", "qos", "metering", "dns-integration");

        SimClient.Answer one = member.call("GET", "/network/v2.0/extensions/router", null);
        assertThat(one.body().get("extension").get("alias").asString()).isEqualTo("router");
        SimClient.Answer missing = member.call("GET", "/network/v2.0/extensions/trunk", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("NeutronError").get("message").asString()).isEqualTo("Extension with alias trunk does not exist");
    }
}
