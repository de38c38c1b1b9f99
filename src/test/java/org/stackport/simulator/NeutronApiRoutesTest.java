package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Neutron calls beyond one resource at a time, over plain HTTP: bulk create, the binding extension and who sees it,
 * the v2.0 resource list, quota defaults and resets, agents, security-group and rule validation with Neutron's
 * words, what a member sees of an external network, and Nova's hypervisor list that names the binding hosts.
 */
class NeutronApiRoutesTest {

    static final String NET = "/network/v2.0";

    OpenStackSimulator sim;
    SimClient member;
    SimClient admin;
    String privateNet;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), new ManualClock(Instant.parse("2026-03-01T10:00:00Z")));
        member = new SimClient(sim, "demo", "demo");
        admin = new SimClient(sim, "admin", "admin");
        privateNet = member.networkId("private");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private int count(SimClient client, String kind) {
        return client.call("GET", NET + "/" + kind, null).body().get(kind).size();
    }

    @Test
    void a_bulk_create_makes_every_port_or_none() {
        int before = count(member, "ports");
        SimClient.Answer both = member.call("POST", NET + "/ports",
                "{\"ports\":[{\"network_id\":\"" + privateNet + "\",\"name\":\"a\"},{\"network_id\":\"" + privateNet + "\",\"name\":\"b\"}]}");
        assertThat(both.status()).isEqualTo(201);
        assertThat(texts(both.body().get("ports"), "name")).containsExactly("a", "b");
        assertThat(count(member, "ports")).isEqualTo(before + 2);

        SimClient.Answer refused = member.call("POST", NET + "/ports",
                "{\"ports\":[{\"network_id\":\"" + privateNet + "\"},{\"network_id\":\"00000000-0000-0000-0000-000000000000\"}]}");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(count(member, "ports")).as("the first port was taken back").isEqualTo(before + 2);

        SimClient.Answer networks = member.call("POST", NET + "/networks", "{\"networks\":[{\"name\":\"n1\"},{\"name\":\"n2\"}]}");
        assertThat(networks.status()).isEqualTo(201);
        assertThat(networks.body().get("networks").size()).isEqualTo(2);
        SimClient.Answer none = member.call("POST", NET + "/ports", "{\"ports\":[]}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body().at("/NeutronError/message").asString()).isEqualTo("Resources required");
        SimClient.Answer neither = member.call("POST", NET + "/ports", "{\"thing\":{}}");
        assertThat(neither.body().at("/NeutronError/message").asString()).isEqualTo("Bad port request: Unable to find 'port' in request body.");
    }

    @Test
    void the_binding_of_a_port_is_the_admins_to_set_and_see_except_the_vnic_type() {
        String host = admin.call("GET", "/compute/v2.1/os-hypervisors", null).body().at("/hypervisors/0/hypervisor_hostname").asString();
        assertThat(host).isEqualTo("compute-nova");
        assertThat(member.call("GET", "/compute/v2.1/os-hypervisors", null).status()).isEqualTo(403);

        JsonNode unbound = admin.call("POST", NET + "/ports", "{\"port\":{\"network_id\":\"" + privateNet + "\"}}").body().get("port");
        assertThat(unbound.get("binding:vif_type").asString()).isEqualTo("unbound");
        assertThat(unbound.get("binding:host_id").asString()).isEmpty();
        String id = unbound.get("id").asString();

        JsonNode bound = admin.call("PUT", NET + "/ports/" + id, "{\"port\":{\"binding:host_id\":\"" + host + "\"}}").body().get("port");
        assertThat(bound.get("binding:host_id").asString()).isEqualTo(host);
        assertThat(bound.get("binding:vif_type").asString()).isEqualTo("ovs");
        assertThat(bound.at("/binding:vif_details/port_filter").asBoolean()).isTrue();

        JsonNode seenByMember = member.call("GET", NET + "/ports/" + id, null).body().get("port");
        assertThat(seenByMember.get("binding:vnic_type").asString()).isEqualTo("normal");
        assertThat(seenByMember.has("binding:host_id")).isFalse();
        assertThat(seenByMember.has("binding:vif_details")).isFalse();
        SimClient.Answer refused = member.call("POST", NET + "/ports",
                "{\"port\":{\"network_id\":\"" + privateNet + "\",\"binding:host_id\":\"" + host + "\"}}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().at("/NeutronError/message").asString())
                .isEqualTo("(rule:create_port and rule:create_port:binding:host_id) is disallowed by policy");
        assertThat(texts(member.call("GET", NET + "/extensions", null).body().get("extensions"), "alias")).contains("binding", "extraroute");
    }

    @Test
    void the_version_document_lists_the_core_resources_and_quota_defaults_and_details_answer_with_a_format_suffix() {
        JsonNode resources = member.call("GET", NET + "/", null).body().get("resources");
        assertThat(texts(resources, "name")).containsExactly("network", "subnet", "port", "subnetpool");

        String dev = sim.projectId("dev");
        assertThat(member.call("GET", NET + "/quotas/" + dev + "/details.json", null).body().at("/quota/port/limit").asInt()).isEqualTo(500);
        assertThat(admin.call("PUT", NET + "/quotas/" + dev, "{\"quota\":{\"network\":0}}").status()).isEqualTo(200);
        assertThat(admin.call("GET", NET + "/quotas", null).body().get("quotas").size()).isEqualTo(1);
        assertThat(member.call("DELETE", NET + "/quotas/" + dev, null).status()).isEqualTo(403);
        assertThat(admin.call("DELETE", NET + "/quotas/" + dev, null).status()).isEqualTo(204);
        assertThat(admin.call("GET", NET + "/quotas", null).body().get("quotas")).isEmpty();
        assertThat(admin.call("GET", NET + "/quotas/" + dev, null).body())
                .isEqualTo(admin.call("GET", NET + "/quotas/" + dev + "/default.json", null).body());
    }

    @Test
    void only_neutron_names_a_group_default_and_icmp_rules_are_checked_for_type_and_code() {
        SimClient.Answer second = member.call("POST", NET + "/security-groups", "{\"security_group\":{\"name\":\"default\"}}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().at("/NeutronError/type").asString()).isEqualTo("SecurityGroupDefaultAlreadyExists");
        String web = member.call("POST", NET + "/security-groups", "{\"security_group\":{\"name\":\"web\"}}").body().at("/security_group/id").asString();
        assertThat(member.call("PUT", NET + "/security-groups/" + web, "{\"security_group\":{\"name\":\"default\"}}").status()).isEqualTo(409);

        assertThat(ruleError(web, "icmp", 1, 256)).isEqualTo("Invalid value for ICMP code (port_range_max) 256. It must be 0 to 255.");
        assertThat(ruleError(web, "icmp", 300, 1)).isEqualTo("Invalid value for ICMP type (port_range_min) 300. It must be 0 to 255.");
        assertThat(ruleError(web, "icmp", null, 6)).isEqualTo("ICMP code (port-range-max) 6 is provided but ICMP type (port-range-min) is missing.");
        assertThat(ruleError(web, "icmp", -1, 25)).isEqualTo("Invalid input for operation: Invalid value for port -1.");
        assertThat(ruleError(web, "tcp", 80, 65536)).isEqualTo("Invalid input for operation: Invalid value for port 65536.");
        assertThat(ruleError(web, "tcp", 80, 79)).isEqualTo("For TCP/UDP protocols, port_range_min must be <= port_range_max.");
    }

    private String ruleError(String group, String protocol, Integer min, Integer max) {
        SimClient.Answer a = member.call("POST", NET + "/security-group-rules", """
                {"security_group_rule":{"security_group_id":"%s","direction":"ingress","protocol":"%s","port_range_min":%s,"port_range_max":%s}}"""
                .formatted(group, protocol, min, max));
        assertThat(a.status()).isEqualTo(400);
        return a.body().at("/NeutronError/message").asString();
    }

    @Test
    void an_external_network_takes_its_floating_ips_along_and_hides_its_subnets_from_members() {
        String publicNet = member.networkId("public");
        assertThat(member.call("GET", NET + "/subnets?network_id=" + publicNet, null).body().get("subnets")).isEmpty();
        assertThat(admin.call("GET", NET + "/subnets?network_id=" + publicNet, null).body().get("subnets").size()).isEqualTo(1);

        String external = admin.call("POST", NET + "/networks", "{\"network\":{\"name\":\"ext\",\"router:external\":true}}")
                .body().at("/network/id").asString();
        String subnet = admin.call("POST", NET + "/subnets", "{\"subnet\":{\"network_id\":\"" + external
                + "\",\"cidr\":\"203.0.113.0/24\",\"ip_version\":4,\"enable_dhcp\":false}}").body().at("/subnet/id").asString();
        String fip = admin.call("POST", NET + "/floatingips", "{\"floatingip\":{\"floating_network_id\":\"" + external + "\"}}")
                .body().at("/floatingip/id").asString();

        // an address set free is taken again by a router gateway that asks for it
        JsonNode port = admin.call("POST", NET + "/ports", "{\"port\":{\"network_id\":\"" + external + "\"}}").body().get("port");
        String address = port.at("/fixed_ips/0/ip_address").asString();
        admin.call("DELETE", NET + "/ports/" + port.get("id").asString(), null);
        SimClient.Answer router = admin.call("POST", NET + "/routers", """
                {"router":{"external_gateway_info":{"network_id":"%s","external_fixed_ips":[{"subnet_id":"%s","ip_address":"%s"}]}}}"""
                .formatted(external, subnet, address));
        assertThat(router.status()).as("%s", router.body()).isEqualTo(201);
        assertThat(router.body().at("/router/external_gateway_info/external_fixed_ips/0/ip_address").asString()).isEqualTo(address);
        admin.call("DELETE", NET + "/routers/" + router.body().at("/router/id").asString(), null);

        assertThat(admin.call("DELETE", NET + "/networks/" + external, null).status()).isEqualTo(204);
        assertThat(admin.call("GET", NET + "/floatingips/" + fip, null).status()).isEqualTo(404);
        assertThat(admin.call("GET", NET + "/subnets/" + subnet, null).status()).isEqualTo(404);
    }

    @Test
    void agents_are_for_admins_only() {
        assertThat(member.call("GET", NET + "/agents", null).body().get("agents")).isEmpty();
        JsonNode agents = admin.call("GET", NET + "/agents", null).body().get("agents");
        assertThat(texts(agents, "host")).contains("compute-nova", "network-1");
        String id = agents.get(0).get("id").asString();
        assertThat(member.call("GET", NET + "/agents/" + id, null).status()).isEqualTo(404);
        assertThat(admin.call("GET", NET + "/agents/" + id, null).body().at("/agent/alive").asBoolean()).isTrue();
    }

    @Test
    void subnets_are_cut_from_a_subnet_pool_by_prefix_length_and_a_pool_in_use_stays() {
        SimClient.Answer created = member.call("POST", NET + "/subnetpools",
                "{\"subnetpool\":{\"name\":\"pool\",\"prefixes\":[\"10.200.1.0/24\",\"10.200.0.0/24\"],\"default_prefixlen\":26}}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode pool = created.body().get("subnetpool");
        assertThat(texts(pool.get("prefixes"))).as("merged as netaddr does").containsExactly("10.200.0.0/23");
        String id = pool.get("id").asString();

        String first = member.call("POST", NET + "/subnets", "{\"subnet\":{\"network_id\":\"" + privateNet
                + "\",\"subnetpool_id\":\"" + id + "\",\"ip_version\":4,\"prefixlen\":24}}").body().at("/subnet/cidr").asString();
        String other = member.call("POST", NET + "/networks", "{\"network\":{\"name\":\"other\"}}").body().at("/network/id").asString();
        JsonNode second = member.call("POST", NET + "/subnets", "{\"subnet\":{\"network_id\":\"" + other
                + "\",\"subnetpool_id\":\"" + id + "\",\"ip_version\":4}}").body().get("subnet");
        assertThat(first).isEqualTo("10.200.0.0/24");
        assertThat(second.get("cidr").asString()).isEqualTo("10.200.1.0/26");
        assertThat(second.get("subnetpool_id").asString()).isEqualTo(id);

        SimClient.Answer taken = member.call("POST", NET + "/subnets", "{\"subnet\":{\"network_id\":\"" + other
                + "\",\"subnetpool_id\":\"" + id + "\",\"ip_version\":4,\"cidr\":\"10.200.0.128/25\"}}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().at("/NeutronError/type").asString()).isEqualTo("SubnetAllocationError");
        assertThat(member.call("DELETE", NET + "/subnetpools/" + id, null).status()).isEqualTo(409);
        assertThat(member.call("PUT", NET + "/subnetpools/" + id + "/tags/blue", null).status()).isEqualTo(201);
        assertThat(member.call("PUT", NET + "/subnetpools/" + id, "{\"subnetpool\":{\"name\":\"renamed\"}}").body()
                .at("/subnetpool/name").asString()).isEqualTo("renamed");
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static List<String> texts(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path(field).asString()));
        return out;
    }
}
