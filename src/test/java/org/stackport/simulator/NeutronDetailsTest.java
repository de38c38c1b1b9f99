package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Neutron details that provisioning code trips over on a real cloud: a floating IP is DOWN until the L3 agent has
 * wired it, a port with several addresses needs the fixed IP named, a requested MAC address is kept (and unique
 * per network) and DHCP options are stored.
 */
class NeutronDetailsTest {

    static final String NET = "/network/v2.0";

    ManualClock clock;
    OpenStackSimulator sim;
    SimClient client;
    String publicNet;
    String privateNet;
    String privateSubnet;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        client = new SimClient(sim, "demo", "demo");
        publicNet = client.networkId("public");
        privateNet = client.networkId("private");
        privateSubnet = client.call("GET", NET + "/subnets?name=private-subnet", null).body().at("/subnets/0/id").asString();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** The seed's router1, from the private subnet to the public network, lets floating IPs reach the private ports. */
    void routerToPublic() {
        JsonNode routers = client.call("GET", NET + "/routers?name=router1", null).body().get("routers");
        assertThat(routers).hasSize(1);
        assertThat(routers.get(0).at("/external_gateway_info/network_id").asString()).isEqualTo(publicNet);
        JsonNode interfaces = client.call("GET", NET + "/ports?device_id=" + routers.get(0).get("id").asString()
                + "&device_owner=network:router_interface", null).body().get("ports");
        assertThat(interfaces).singleElement().satisfies(p -> assertThat(p.at("/fixed_ips/0/subnet_id").asString())
                .isEqualTo(privateSubnet));
    }

    JsonNode createPort(String json) {
        SimClient.Answer a = client.call("POST", NET + "/ports", json);
        assertThat(a.status()).as("%s", a.body()).isEqualTo(201);
        return a.body().get("port");
    }

    String fipStatus(String id) {
        return client.call("GET", NET + "/floatingips/" + id, null).body().at("/floatingip/status").asString();
    }

    // ---- floating IP status

    @Test
    void the_floating_ip_activation_takes_two_seconds_for_people_and_one_clock_step_in_tests() {
        assertThat(SimulatorSettings.demo().floatingIpActivate()).isEqualTo(Duration.ofSeconds(2));
        assertThat(SimulatorSettings.fast().floatingIpActivate()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new SimulatorProperties(null, null, null, null, null, null, null, null, null, null, null, null, null)
                .settings().floatingIpActivate()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a_floating_ip_is_down_when_associated_becomes_active_after_the_delay_and_goes_down_when_disassociated() {
        routerToPublic();
        String port = createPort("{\"port\":{\"network_id\":\"" + privateNet + "\",\"name\":\"vm\"}}").get("id").asString();

        SimClient.Answer created = client.call("POST", NET + "/floatingips",
                "{\"floatingip\":{\"floating_network_id\":\"" + publicNet + "\",\"port_id\":\"" + port + "\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().at("/floatingip/status").asString()).isEqualTo("DOWN");
        String fip = created.body().at("/floatingip/id").asString();
        clock.advance(Duration.ofMillis(999));
        assertThat(fipStatus(fip)).isEqualTo("DOWN");
        clock.advance(Duration.ofMillis(1));
        assertThat(fipStatus(fip)).isEqualTo("ACTIVE");
        assertThat(client.call("GET", NET + "/floatingips?status=ACTIVE", null).body().get("floatingips")).hasSize(1);

        SimClient.Answer released = client.call("PUT", NET + "/floatingips/" + fip, "{\"floatingip\":{\"port_id\":null}}");
        assertThat(released.body().at("/floatingip/status").asString()).isEqualTo("DOWN");
        clock.advance(Duration.ofSeconds(5));
        assertThat(fipStatus(fip)).as("an unbound floating IP stays down").isEqualTo("DOWN");

        SimClient.Answer again = client.call("PUT", NET + "/floatingips/" + fip,
                "{\"floatingip\":{\"port_id\":\"" + port + "\"}}");
        assertThat(again.body().at("/floatingip/status").asString()).isEqualTo("DOWN");
        clock.advance(Duration.ofSeconds(1));
        assertThat(fipStatus(fip)).isEqualTo("ACTIVE");
        assertThat(sim.inventory("floatingip")).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo("ACTIVE"));

        // the port going away unbinds it too
        assertThat(client.call("DELETE", NET + "/ports/" + port, null).status()).isEqualTo(204);
        assertThat(fipStatus(fip)).isEqualTo("DOWN");
        clock.advance(Duration.ofSeconds(5));
        assertThat(fipStatus(fip)).isEqualTo("DOWN");
    }

    // ---- several fixed IPs

    @Test
    void a_floating_ip_binds_the_fixed_ip_named_and_a_port_with_several_addresses_must_name_one() {
        routerToPublic();
        JsonNode port = createPort("{\"port\":{\"network_id\":\"" + privateNet + "\",\"fixed_ips\":[{\"subnet_id\":\""
                + privateSubnet + "\"},{\"subnet_id\":\"" + privateSubnet + "\",\"ip_address\":\"10.0.7.7\"}]}}");
        String portId = port.get("id").asString();
        String first = port.at("/fixed_ips/0/ip_address").asString();
        assertThat(port.get("fixed_ips")).hasSize(2);

        SimClient.Answer named = client.call("POST", NET + "/floatingips", "{\"floatingip\":{\"floating_network_id\":\""
                + publicNet + "\",\"port_id\":\"" + portId + "\",\"fixed_ip_address\":\"10.0.7.7\"}}");
        assertThat(named.status()).isEqualTo(201);
        assertThat(named.body().at("/floatingip/fixed_ip_address").asString()).isEqualTo("10.0.7.7");
        String fip = named.body().at("/floatingip/id").asString();

        SimClient.Answer moved = client.call("PUT", NET + "/floatingips/" + fip,
                "{\"floatingip\":{\"port_id\":\"" + portId + "\",\"fixed_ip_address\":\"" + first + "\"}}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.body().at("/floatingip/fixed_ip_address").asString()).isEqualTo(first);

        SimClient.Answer foreign = client.call("PUT", NET + "/floatingips/" + fip,
                "{\"floatingip\":{\"port_id\":\"" + portId + "\",\"fixed_ip_address\":\"10.0.9.9\"}}");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body().toString()).isEqualTo("{\"NeutronError\":{\"type\":\"BadRequest\",\"message\":"
                + "\"Bad floatingip request: Port " + portId + " does not have fixed ip 10.0.9.9.\",\"detail\":\"\"}}");
        SimClient.Answer notAnAddress = client.call("PUT", NET + "/floatingips/" + fip,
                "{\"floatingip\":{\"port_id\":\"" + portId + "\",\"fixed_ip_address\":\"ten\"}}");
        assertThat(notAnAddress.status()).isEqualTo(400);
        assertThat(notAnAddress.body().at("/NeutronError/type").asString()).isEqualTo("InvalidInput");
        assertThat(client.call("GET", NET + "/floatingips/" + fip, null).body().at("/floatingip/fixed_ip_address")
                .asString()).as("a refused update changes nothing").isEqualTo(first);

        // without a fixed IP, Neutron cannot choose between two IPv4 addresses
        client.call("PUT", NET + "/floatingips/" + fip, "{\"floatingip\":{\"port_id\":null}}");
        SimClient.Answer ambiguous = client.call("PUT", NET + "/floatingips/" + fip,
                "{\"floatingip\":{\"port_id\":\"" + portId + "\"}}");
        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.body().at("/NeutronError/message").asString()).isEqualTo("Bad floatingip request: Port "
                + portId + " has multiple fixed IPv4 addresses.  Must provide a specific IPv4 address when assigning a floating IP.");

        // a port with one address needs none
        String single = createPort("{\"port\":{\"network_id\":\"" + privateNet + "\"}}").get("id").asString();
        SimClient.Answer plain = client.call("PUT", NET + "/floatingips/" + fip, "{\"floatingip\":{\"port_id\":\"" + single + "\"}}");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body().at("/floatingip/port_id").asString()).isEqualTo(single);
    }

    // ---- MAC addresses and DHCP options

    @Test
    void a_requested_mac_address_is_kept_unique_per_network_and_must_be_well_formed() {
        int before = sim.quotaUsage("dev", "port");
        JsonNode port = createPort("{\"port\":{\"network_id\":\"" + privateNet + "\",\"mac_address\":\"FA:16:3E:00:00:2A\"}}");
        assertThat(port.get("mac_address").asString()).isEqualTo("fa:16:3e:00:00:2a");
        assertThat(client.call("GET", NET + "/ports/" + port.get("id").asString(), null).body().at("/port/mac_address")
                .asString()).isEqualTo("fa:16:3e:00:00:2a");

        SimClient.Answer taken = client.call("POST", NET + "/ports",
                "{\"port\":{\"network_id\":\"" + privateNet + "\",\"mac_address\":\"fa:16:3e:00:00:2a\"}}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().toString()).isEqualTo("{\"NeutronError\":{\"type\":\"MacAddressInUse\",\"message\":"
                + "\"Unable to complete operation for network " + privateNet + ". The mac address fa:16:3e:00:00:2a is in use.\","
                + "\"detail\":\"\"}}");

        String other = client.call("POST", NET + "/networks", "{\"network\":{\"name\":\"other\"}}").body().at("/network/id").asString();
        client.call("POST", NET + "/subnets", "{\"subnet\":{\"network_id\":\"" + other + "\",\"cidr\":\"10.20.0.0/24\",\"ip_version\":4}}");
        assertThat(createPort("{\"port\":{\"network_id\":\"" + other + "\",\"mac_address\":\"fa:16:3e:00:00:2a\"}}")
                .get("mac_address").asString()).as("another network may use it").isEqualTo("fa:16:3e:00:00:2a");

        for (String bad : new String[] {"fa:16:3e:00:2a", "zz:16:3e:00:00:2a", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"}) {
            SimClient.Answer refused = client.call("POST", NET + "/ports",
                    "{\"port\":{\"network_id\":\"" + privateNet + "\",\"mac_address\":\"" + bad + "\"}}");
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body().at("/NeutronError/message").asString())
                    .isEqualTo("Invalid input for mac_address. Reason: '" + bad + "' is not a valid MAC address.");
        }
        assertThat(sim.quotaUsage("dev", "port")).as("refused ports take no quota").isEqualTo(before + 2);
    }

    @Test
    void extra_dhcp_options_are_stored_returned_updated_and_advertised() {
        JsonNode port = createPort("{\"port\":{\"network_id\":\"" + privateNet + "\",\"extra_dhcp_opts\":["
                + "{\"opt_name\":\"tftp-server\",\"opt_value\":\"10.0.0.5\"},"
                + "{\"opt_name\":\"bootfile-name\",\"opt_value\":\"pxelinux.0\",\"ip_version\":4}]}}");
        assertThat(port.get("extra_dhcp_opts").toString()).isEqualTo("[{\"opt_name\":\"tftp-server\",\"opt_value\":\"10.0.0.5\","
                + "\"ip_version\":4},{\"opt_name\":\"bootfile-name\",\"opt_value\":\"pxelinux.0\",\"ip_version\":4}]");
        String id = port.get("id").asString();

        // an update changes the options it names and removes those set to null, as Neutron merges them
        SimClient.Answer updated = client.call("PUT", NET + "/ports/" + id, "{\"port\":{\"extra_dhcp_opts\":["
                + "{\"opt_name\":\"tftp-server\",\"opt_value\":\"10.0.0.6\"},{\"opt_name\":\"bootfile-name\",\"opt_value\":null},"
                + "{\"opt_name\":\"server-ip-address\",\"opt_value\":\"10.0.0.6\"}]}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(client.call("GET", NET + "/ports/" + id, null).body().at("/port/extra_dhcp_opts").toString())
                .isEqualTo("[{\"opt_name\":\"tftp-server\",\"opt_value\":\"10.0.0.6\",\"ip_version\":4},"
                        + "{\"opt_name\":\"server-ip-address\",\"opt_value\":\"10.0.0.6\",\"ip_version\":4}]");

        SimClient.Answer nameless = client.call("POST", NET + "/ports", "{\"port\":{\"network_id\":\"" + privateNet
                + "\",\"extra_dhcp_opts\":[{\"opt_value\":\"x\"}]}}");
        assertThat(nameless.status()).isEqualTo(400);
        assertThat(nameless.body().at("/NeutronError/type").asString()).isEqualTo("InvalidInput");

        SimClient.Answer ext = client.call("GET", NET + "/extensions/extra_dhcp_opt", null);
        assertThat(ext.status()).isEqualTo(200);
        assertThat(ext.body().at("/extension/name").asString()).isEqualTo("Neutron Extra DHCP options");
    }
}
