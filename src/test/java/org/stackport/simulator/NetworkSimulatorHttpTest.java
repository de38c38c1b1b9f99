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

/** Neutron and Octavia over plain HTTP: the services' error bodies, list filters and paging, Octavia's /v2 alias. */
class NetworkSimulatorHttpTest {

    ManualClock clock;
    OpenStackSimulator sim;
    SimClient client;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        client = new SimClient(sim, "demo", "demo");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("name").asString()));
        return out;
    }

    @Test
    void neutron_errors_carry_the_neutron_error_body() {
        SimClient.Answer a = client.call("GET", "/network/v2.0/networks/nope", null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body().toString()).isEqualTo(
                "{\"NeutronError\":{\"type\":\"NetworkNotFound\",\"message\":\"Network nope could not be found.\",\"detail\":\"\"}}");
        SimClient.Answer bad = client.call("POST", "/network/v2.0/networks", "{\"net\":{}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("NeutronError").get("type").asString()).isEqualTo("BadRequest");
        SimClient.Answer shared = client.call("POST", "/network/v2.0/networks", "{\"network\":{\"name\":\"x\",\"shared\":true}}");
        assertThat(shared.status()).isEqualTo(403);
        assertThat(shared.body().get("NeutronError").get("type").asString()).isEqualTo("PolicyNotAuthorized");
    }

    @Test
    void octavia_errors_carry_faultcode_faultstring_and_debuginfo() {
        SimClient.Answer a = client.call("GET", "/load-balancer/v2/lbaas/loadbalancers/nope", null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body().toString()).isEqualTo(
                "{\"faultcode\":\"Client\",\"faultstring\":\"Load Balancer nope not found.\",\"debuginfo\":null}");
        SimClient.Answer missing = client.call("POST", "/load-balancer/v2/lbaas/listeners", "{\"listener\":{\"protocol\":\"TCP\"}}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("faultstring").asString())
                .isEqualTo("Invalid input for field/attribute loadbalancer_id. Value: 'None'. Mandatory field missing.");
    }

    @Test
    void octavia_answers_under_v2_and_v2_0_alike() {
        String subnet = client.call("GET", "/network/v2.0/subnets?name=private-subnet", null).body().get("subnets").get(0)
                .get("id").asString();
        SimClient.Answer created = client.call("POST", "/load-balancer/v2/lbaas/loadbalancers",
                "{\"loadbalancer\":{\"name\":\"alias\",\"vip_subnet_id\":\"" + subnet + "\"}}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("loadbalancer").get("id").asString();
        assertThat(client.call("GET", "/load-balancer/v2.0/lbaas/loadbalancers/" + id, null).body().get("loadbalancer")
                .get("provisioning_status").asString()).isEqualTo("PENDING_CREATE");
        clock.advance(Duration.ofSeconds(1));
        JsonNode list = client.call("GET", "/load-balancer/v2/lbaas/loadbalancers?name=alias", null).body();
        assertThat(list.get("loadbalancers").get(0).get("provisioning_status").asString()).isEqualTo("ACTIVE");
        assertThat(list.get("loadbalancers_links").isArray()).isTrue();
        assertThat(client.call("DELETE", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).status()).isEqualTo(204);
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.call("GET", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).status()).isEqualTo(404);
        assertThat(sim.inventory("port")).noneMatch(p -> p.name().equals("octavia-lb-" + id));
    }

    @Test
    void neutron_lists_filter_by_attributes_and_tags_select_fields_and_page_with_limit_and_marker() {
        for (String name : List.of("n1", "n2", "n3")) {
            String id = client.call("POST", "/network/v2.0/networks", "{\"network\":{\"name\":\"" + name + "\"}}").body()
                    .get("network").get("id").asString();
            client.call("PUT", "/network/v2.0/networks/" + id + "/tags/" + (name.equals("n2") ? "even" : "odd"), null);
            client.call("PUT", "/network/v2.0/networks/" + id + "/tags/all", null);
        }
        assertThat(names(client.call("GET", "/network/v2.0/networks?tags=odd,all", null).body().get("networks")))
                .containsExactlyInAnyOrder("n1", "n3");
        assertThat(names(client.call("GET", "/network/v2.0/networks?tags-any=even,nothing", null).body().get("networks")))
                .containsExactly("n2");
        assertThat(names(client.call("GET", "/network/v2.0/networks?not-tags=odd&tags=all", null).body().get("networks")))
                .containsExactly("n2");
        assertThat(names(client.call("GET", "/network/v2.0/networks?name=n1&name=n2", null).body().get("networks")))
                .containsExactlyInAnyOrder("n1", "n2");
        assertThat(names(client.call("GET", "/network/v2.0/networks?router:external=True", null).body().get("networks")))
                .containsExactly("public");

        JsonNode fields = client.call("GET", "/network/v2.0/networks?name=n1&fields=id&fields=name", null).body();
        assertThat(fields.get("networks").get(0).propertyNames()).containsExactlyInAnyOrder("id", "name");

        JsonNode first = client.call("GET", "/network/v2.0/networks?limit=2", null).body();
        assertThat(first.get("networks")).hasSize(2);
        String next = first.get("networks_links").get(0).get("href").asString();
        assertThat(next).contains("marker=" + first.get("networks").get(1).get("id").asString());
        String marker = first.get("networks").get(1).get("id").asString();
        JsonNode rest = client.call("GET", "/network/v2.0/networks?marker=" + marker, null).body();
        assertThat(rest.get("networks")).hasSize(3);
        assertThat(rest.has("networks_links")).isFalse();
    }

    @Test
    void ports_of_the_concurrency_test_are_created_and_deleted_with_the_default_group() {
        String network = client.networkId("private");
        int before = sim.quotaUsage("dev", "port");
        SimClient.Answer port = client.call("POST", "/network/v2.0/ports",
                "{\"port\":{\"network_id\":\"" + network + "\",\"name\":\"load-1\"}}");
        assertThat(port.status()).isEqualTo(201);
        assertThat(port.body().get("port").get("security_groups")).hasSize(1);
        assertThat(sim.quotaUsage("dev", "port")).isEqualTo(before + 1);
        assertThat(client.call("DELETE", "/network/v2.0/ports/" + port.body().get("port").get("id").asString(), null).status())
                .isEqualTo(204);
        assertThat(sim.quotaUsage("dev", "port")).isEqualTo(before);
    }
}
