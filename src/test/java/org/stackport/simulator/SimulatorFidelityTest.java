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
    void cinders_host_and_tenant_attributes_reach_admins_only() {
        String volumes = "/volume/v3/" + sim.projectId("dev") + "/volumes";
        SimClient.Answer created = member.call("POST", volumes, "{\"volume\":{\"name\":\"data\",\"size\":1}}");
        assertThat(created.body().get("volume").has("os-vol-host-attr:host")).isFalse();
        String id = created.body().get("volume").get("id").asString();
        for (JsonNode v : List.of(member.call("GET", volumes + "/" + id, null).body().get("volume"),
                member.call("GET", volumes + "/detail", null).body().get("volumes").get(0))) {
            assertThat(v.has("os-vol-host-attr:host")).isFalse();
            assertThat(v.has("os-vol-tenant-attr:tenant_id")).isFalse();
        }
        JsonNode seenByAdmin = admin.call("GET", volumes + "/" + id, null).body().get("volume");
        assertThat(seenByAdmin.get("os-vol-host-attr:host").asString()).isNotEmpty();
        assertThat(seenByAdmin.get("os-vol-tenant-attr:tenant_id").asString()).isEqualTo(sim.projectId("dev"));
    }
}
