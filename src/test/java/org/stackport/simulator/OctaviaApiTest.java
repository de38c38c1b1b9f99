package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Octavia's API as its reference and the octavia-tempest-plugin describe it, over plain HTTP where openstack4j has
 * no call: health-monitor rules, batch member updates, sorting, L7 policies and rules, flavors and their profiles,
 * providers, availability zones and amphorae.
 */
class OctaviaApiTest {

    static final String LBAAS = "/load-balancer/v2/lbaas";

    ManualClock clock;
    OpenStackSimulator sim;
    SimClient demo;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        demo = new SimClient(sim, "demo", "demo");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    void settle() {
        clock.advance(Duration.ofSeconds(2));
    }

    String id(SimClient.Answer a, String root) {
        assertThat(a.status()).as(String.valueOf(a.body())).isBetween(200, 202);
        return a.body().get(root).get("id").asString();
    }

    String loadBalancer() {
        String subnet = demo.call("GET", "/network/v2.0/subnets?name=private-subnet", null).body().get("subnets").get(0)
                .get("id").asString();
        String lb = id(demo.call("POST", LBAAS + "/loadbalancers", "{\"loadbalancer\":{\"name\":\"lb\",\"vip_subnet_id\":\"" + subnet + "\"}}"),
                "loadbalancer");
        settle();
        return lb;
    }

    String pool(String lb, String protocol) {
        String pool = id(demo.call("POST", LBAAS + "/pools", """
                {"pool":{"name":"p","loadbalancer_id":"%s","protocol":"%s","lb_algorithm":"ROUND_ROBIN"}}""".formatted(lb, protocol)),
                "pool");
        settle();
        return pool;
    }

    SimClient.Answer monitor(String pool, String fields) {
        return demo.call("POST", LBAAS + "/healthmonitors", "{\"healthmonitor\":{\"pool_id\":\"" + pool + "\"," + fields + "}}");
    }

    @Test
    void a_health_monitor_may_time_out_after_its_delay_as_octavia_does_not_compare_them() {
        String pool = pool(loadBalancer(), "HTTP");
        SimClient.Answer created = monitor(pool, "\"type\":\"HTTP\",\"delay\":2,\"timeout\":3,\"max_retries\":4,\"max_retries_down\":5,\"tags\":[\"Hello\"]");
        assertThat(created.status()).isEqualTo(201);
        JsonNode hm = created.body().get("healthmonitor");
        assertThat(hm.get("delay").asInt()).isEqualTo(2);
        assertThat(hm.get("timeout").asInt()).isEqualTo(3);
        assertThat(hm.get("http_method").asString()).isEqualTo("GET");
        assertThat(hm.get("url_path").asString()).isEqualTo("/");
        assertThat(hm.get("expected_codes").asString()).isEqualTo("200");
        settle();
        SimClient.Answer updated = demo.call("PUT", LBAAS + "/healthmonitors/" + hm.get("id").asString(),
                "{\"healthmonitor\":{\"delay\":3,\"timeout\":4,\"tags\":[\"Hola\",\"Mundo\"]}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("healthmonitor").get("tags").toString()).isEqualTo("[\"Hola\",\"Mundo\"]");
    }

    @Test
    void health_monitors_are_checked_with_octavias_own_rules() {
        String lb = loadBalancer();
        String tcpPool = pool(lb, "TCP");
        SimClient.Answer retries = monitor(tcpPool, "\"type\":\"TCP\",\"delay\":2,\"timeout\":3,\"max_retries\":11");
        assertThat(retries.status()).isEqualTo(400);
        assertThat(retries.body().get("faultstring").asString())
                .isEqualTo("Invalid input for field/attribute max_retries. Value: '11'. Value should be lower or equal to 10");
        SimClient.Answer httpField = monitor(tcpPool, "\"type\":\"TCP\",\"delay\":2,\"timeout\":3,\"max_retries\":3,\"url_path\":\"/x\"");
        assertThat(httpField.status()).isEqualTo(400);
        assertThat(httpField.body().get("faultstring").asString()).isEqualTo("url_path is not a valid option for health monitors of type TCP");
        SimClient.Answer udpOnly = monitor(tcpPool, "\"type\":\"UDP-CONNECT\",\"delay\":2,\"timeout\":3,\"max_retries\":3");
        assertThat(udpOnly.status()).isEqualTo(400);
        assertThat(udpOnly.body().get("faultstring").asString())
                .isEqualTo("Validation failure: The UDP-CONNECT type is only supported for pools of type UDP.");
        SimClient.Answer tcp = monitor(tcpPool, "\"type\":\"TCP\",\"delay\":2,\"timeout\":3,\"max_retries\":3");
        assertThat(tcp.status()).isEqualTo(201);
        assertThat(tcp.body().get("healthmonitor").get("http_method").isNull()).isTrue();
        assertThat(tcp.body().get("healthmonitor").get("max_retries_down").asInt()).isEqualTo(3);
    }

    @Test
    void a_batch_member_update_creates_updates_and_deletes_to_match_the_list() {
        String lb = loadBalancer();
        String pool = pool(lb, "HTTP");
        String members = LBAAS + "/pools/" + pool + "/members";
        String first = id(demo.call("POST", members, "{\"member\":{\"name\":\"m1\",\"address\":\"192.0.2.1\",\"protocol_port\":80,\"weight\":50}}"), "member");
        settle();
        String second = id(demo.call("POST", members, "{\"member\":{\"name\":\"m2\",\"address\":\"192.0.2.3\",\"protocol_port\":81,\"weight\":51}}"), "member");
        settle();

        SimClient.Answer batch = demo.call("PUT", members, """
                {"members":[{"name":"m2-new","address":"192.0.2.3","protocol_port":81,"backup":true},
                            {"name":"m3","address":"192.0.2.5","protocol_port":82,"weight":52}]}""");
        assertThat(batch.status()).isEqualTo(202);
        assertThat(batch.body()).isNull();
        assertThat(demo.call("GET", LBAAS + "/loadbalancers/" + lb, null).body().get("loadbalancer")
                .get("provisioning_status").asString()).isEqualTo("PENDING_UPDATE");
        assertThat(demo.call("PUT", members, "{\"members\":[]}").status()).isEqualTo(409);
        settle();

        JsonNode list = demo.call("GET", members + "?sort=protocol_port:asc", null).body().get("members");
        assertThat(names(list)).containsExactly("m2-new", "m3");
        assertThat(list.get(0).get("id").asString()).isEqualTo(second);
        assertThat(list.get(0).get("weight").asInt()).as("fields not given return to their defaults").isEqualTo(1);
        assertThat(list.get(0).get("backup").asBoolean()).isTrue();
        assertThat(list.get(1).get("id").asString()).isNotEqualTo(first);
        assertThat(demo.call("GET", members + "/" + first, null).status()).isEqualTo(404);

        assertThat(demo.call("PUT", members + "?additive_only=true",
                "{\"members\":[{\"name\":\"m4\",\"address\":\"192.0.2.7\",\"protocol_port\":83}]}").status()).isEqualTo(202);
        settle();
        assertThat(names(demo.call("GET", members + "?sort=protocol_port:desc", null).body().get("members")))
                .containsExactly("m4", "m3", "m2-new");
    }

    @Test
    void lists_sort_by_the_sort_parameter_and_filter_by_attributes() {
        String lb = loadBalancer();
        for (String name : List.of("b", "c", "a")) {
            demo.call("POST", LBAAS + "/pools", """
                    {"pool":{"name":"%s","loadbalancer_id":"%s","protocol":"TCP","lb_algorithm":"ROUND_ROBIN","admin_state_up":%s}}"""
                    .formatted(name, lb, !name.equals("c")));
            settle();
        }
        assertThat(names(demo.call("GET", LBAAS + "/pools", null).body().get("pools"))).containsExactly("b", "c", "a");
        assertThat(names(demo.call("GET", LBAAS + "/pools?sort=name:desc", null).body().get("pools"))).containsExactly("c", "b", "a");
        assertThat(names(demo.call("GET", LBAAS + "/pools?admin_state_up=true&fields=name&sort=name:asc", null).body()
                .get("pools"))).containsExactly("a", "b");
        assertThat(demo.call("GET", LBAAS + "/pools?sort=name:sideways", null).status()).isEqualTo(400);
    }

    String listener(String lb, String protocol, int port) {
        String listener = id(demo.call("POST", LBAAS + "/listeners", """
                {"listener":{"name":"l","loadbalancer_id":"%s","protocol":"%s","protocol_port":%d}}""".formatted(lb, protocol, port)),
                "listener");
        settle();
        return listener;
    }

    @Test
    void listeners_are_checked_as_octavia_checks_them() {
        String lb = loadBalancer();
        SimClient.Answer mixed = demo.call("POST", LBAAS + "/listeners", """
                {"listener":{"loadbalancer_id":"%s","protocol":"HTTP","protocol_port":80,
                 "allowed_cidrs":["192.0.1.0/24","2001:db8:a0b:12f0::/64"]}}""".formatted(lb));
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.body().get("faultstring").asString()).startsWith("Validation failure: CIDR 2001:db8:a0b:12f0::/64 IP version incompatible with VIP");
        assertThat(demo.call("GET", LBAAS + "/loadbalancers/" + lb, null).body().get("loadbalancer").get("provisioning_status")
                .asString()).as("a refused listener leaves the load balancer as it was").isEqualTo("ACTIVE");
        SimClient.Answer headers = demo.call("POST", LBAAS + "/listeners", """
                {"listener":{"loadbalancer_id":"%s","protocol":"TCP","protocol_port":81,"insert_headers":{"X-Forwarded-For":"true"}}}"""
                .formatted(lb));
        assertThat(headers.body().get("faultstring").asString()).isEqualTo("insert-headers is not a valid option for a TCP protocol listener.");
        listener(lb, "HTTP", 80);
        assertThat(demo.call("POST", LBAAS + "/listeners", """
                {"listener":{"loadbalancer_id":"%s","protocol":"UDP","protocol_port":80}}""".formatted(lb)).status())
                .as("UDP and TCP listeners may share a port").isEqualTo(201);
        settle();
        SimClient.Answer taken = demo.call("POST", LBAAS + "/listeners", """
                {"listener":{"loadbalancer_id":"%s","protocol":"TCP","protocol_port":80}}""".formatted(lb));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().get("faultstring").asString())
                .isEqualTo("Another Listener on this Load Balancer is already using protocol HTTP and protocol_port 80");
    }

    @Test
    void l7_policies_are_ordered_by_position_and_carry_rules() {
        String lb = loadBalancer();
        String listener = listener(lb, "HTTP", 80);
        String pool = pool(lb, "HTTP");
        String first = id(demo.call("POST", LBAAS + "/l7policies", """
                {"l7policy":{"name":"first","listener_id":"%s","action":"REJECT","position":1}}""".formatted(listener)), "l7policy");
        settle();
        SimClient.Answer second = demo.call("POST", LBAAS + "/l7policies", """
                {"l7policy":{"name":"second","listener_id":"%s","action":"REDIRECT_TO_POOL","redirect_pool_id":"%s","position":1}}"""
                .formatted(listener, pool));
        assertThat(second.body().get("l7policy").get("redirect_pool_id").asString()).isEqualTo(pool);
        assertThat(second.body().get("l7policy").get("provisioning_status").asString()).isEqualTo("PENDING_CREATE");
        settle();
        SimClient.Answer third = demo.call("POST", LBAAS + "/l7policies", """
                {"l7policy":{"name":"third","listener_id":"%s","action":"REDIRECT_TO_URL","redirect_url":"http://www.example.com","position":1}}"""
                .formatted(listener));
        assertThat(third.body().get("l7policy").get("redirect_http_code").asInt()).isEqualTo(302);
        settle();
        assertThat(names(demo.call("GET", LBAAS + "/l7policies?listener_id=" + listener + "&sort=position:asc", null).body()
                .get("l7policies"))).containsExactly("third", "second", "first");
        SimClient.Answer noUrl = demo.call("POST", LBAAS + "/l7policies", """
                {"l7policy":{"listener_id":"%s","action":"REDIRECT_TO_URL"}}""".formatted(listener));
        assertThat(noUrl.body().get("faultstring").asString()).isEqualTo("Invalid L7 Policy arguments: redirect_url must not be None");
        assertThat(demo.call("GET", LBAAS + "/listeners/" + listener, null).body().get("listener").get("l7policies")).hasSize(3);

        String rules = LBAAS + "/l7policies/" + first + "/rules";
        SimClient.Answer rule = demo.call("POST", rules, """
                {"rule":{"type":"HEADER","compare_type":"EQUAL_TO","key":"mykey","value":"myvalue"}}""");
        assertThat(rule.status()).isEqualTo(201);
        assertThat(rule.body().get("rule").get("invert").asBoolean()).isFalse();
        settle();
        SimClient.Answer ssl = demo.call("POST", rules, """
                {"rule":{"type":"SSL_CONN_HAS_CERT","compare_type":"STARTS_WITH","value":"true"}}""");
        assertThat(ssl.body().get("faultstring").asString())
                .isEqualTo("Invalid L7 Rule: L7rule type SSL_CONN_HAS_CERT only supports the EQUAL_TO compare type.");
        assertThat(demo.call("GET", rules, null).body().get("rules")).hasSize(1);
        assertThat(demo.call("GET", LBAAS + "/l7policies/" + first, null).body().get("l7policy").get("rules")).hasSize(1);

        assertThat(demo.call("DELETE", LBAAS + "/l7policies/" + second.body().get("l7policy").get("id").asString(), null).status())
                .isEqualTo(204);
        settle();
        JsonNode left = demo.call("GET", LBAAS + "/l7policies?listener_id=" + listener + "&sort=position:asc", null).body().get("l7policies");
        assertThat(names(left)).containsExactly("third", "first");
        assertThat(left.get(1).get("position").asInt()).isEqualTo(2);
    }

    @Test
    void flavors_and_zones_are_the_operators_and_every_user_sees_the_offers() throws Exception {
        String admin = adminToken();
        SimClient.Answer refused = demo.call("POST", LBAAS + "/flavorprofiles",
                "{\"flavorprofile\":{\"name\":\"p\",\"provider_name\":\"amphora\",\"flavor_data\":\"{}\"}}");
        assertThat(refused.status()).isEqualTo(403);
        SimClient.Answer badData = as(admin, "POST", LBAAS + "/flavorprofiles",
                "{\"flavorprofile\":{\"name\":\"p\",\"provider_name\":\"amphora\",\"flavor_data\":\"not json\"}}");
        assertThat(badData.body().get("faultstring").asString()).isEqualTo("not json is not a valid option for flavor_data");
        SimClient.Answer otherProvider = as(admin, "POST", LBAAS + "/flavorprofiles",
                "{\"flavorprofile\":{\"name\":\"p\",\"provider_name\":\"ovn\",\"flavor_data\":\"{}\"}}");
        assertThat(otherProvider.body().get("faultstring").asString()).isEqualTo("Provider 'ovn' is not enabled.");
        String profile = id(as(admin, "POST", LBAAS + "/flavorprofiles",
                "{\"flavorprofile\":{\"name\":\"single\",\"provider_name\":\"amphora\",\"flavor_data\":\"{\\\"loadbalancer_topology\\\": \\\"SINGLE\\\"}\"}}"),
                "flavorprofile");
        String flavor = id(as(admin, "POST", LBAAS + "/flavors",
                "{\"flavor\":{\"name\":\"small\",\"description\":\"d\",\"flavor_profile_id\":\"" + profile + "\"}}"), "flavor");
        assertThat(as(admin, "POST", LBAAS + "/flavors",
                "{\"flavor\":{\"name\":\"small\",\"flavor_profile_id\":\"" + profile + "\"}}").status()).isEqualTo(409);
        String other = id(as(admin, "POST", LBAAS + "/flavors",
                "{\"flavor\":{\"name\":\"large\",\"flavor_profile_id\":\"" + profile + "\"}}"), "flavor");
        JsonNode ordered = demo.call("GET", LBAAS + "/flavors", null).body().get("flavors");
        assertThat(ordered.get(0).get("id").asString()).as("flavors have no creation time: listed by id")
                .isEqualTo(flavor.compareTo(other) < 0 ? flavor : other);
        as(admin, "DELETE", LBAAS + "/flavors/" + other, null);
        JsonNode seen = demo.call("GET", LBAAS + "/flavors", null).body();
        assertThat(seen.get("flavors").get(0).get("id").asString()).isEqualTo(flavor);
        assertThat(seen.get("flavors").get(0).get("enabled").asBoolean()).isTrue();
        assertThat(as(admin, "GET", LBAAS + "/flavorprofiles", null).body().has("flavorprofile_links")).isTrue();
        SimClient.Answer inUse = as(admin, "DELETE", LBAAS + "/flavorprofiles/" + profile, null);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.body().get("faultstring").asString()).isEqualTo("Flavor profile " + profile + " is in use and cannot be modified.");
        assertThat(as(admin, "DELETE", LBAAS + "/flavors/" + flavor, null).status()).isEqualTo(204);
        assertThat(as(admin, "DELETE", LBAAS + "/flavorprofiles/" + profile, null).status()).isEqualTo(204);

        String zoneProfile = id(as(admin, "POST", LBAAS + "/availabilityzoneprofiles",
                "{\"availability_zone_profile\":{\"name\":\"zp\",\"provider_name\":\"amphora\",\"availability_zone_data\":\"{\\\"compute_zone\\\": \\\"nova\\\"}\"}}"),
                "availability_zone_profile");
        SimClient.Answer zone = as(admin, "POST", LBAAS + "/availabilityzones",
                "{\"availability_zone\":{\"name\":\"zone-a\",\"availability_zone_profile_id\":\"" + zoneProfile + "\"}}");
        assertThat(zone.status()).isEqualTo(201);
        assertThat(zone.body().get("availability_zone").has("id")).isFalse();
        assertThat(demo.call("GET", LBAAS + "/availabilityzones/zone-a", null).body().get("availability_zone").get("name").asString())
                .isEqualTo("zone-a");
    }

    @Test
    void the_provider_and_its_capabilities_are_listed() throws Exception {
        JsonNode providers = demo.call("GET", LBAAS + "/providers", null).body().get("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).get("name").asString()).isEqualTo("amphora");
        assertThat(demo.call("GET", LBAAS + "/providers/amphora/flavor_capabilities", null).status()).isEqualTo(403);
        JsonNode topology = as(adminToken(), "GET", LBAAS + "/providers/amphora/flavor_capabilities?name=loadbalancer_topology&fields=description",
                null).body().get("flavor_capabilities");
        assertThat(topology).hasSize(1);
        assertThat(topology.get(0).get("description").asString()).startsWith("The load balancer topology.");
        String subnet = demo.call("GET", "/network/v2.0/subnets?name=private-subnet", null).body().get("subnets").get(0).get("id").asString();
        SimClient.Answer other = demo.call("POST", LBAAS + "/loadbalancers",
                "{\"loadbalancer\":{\"vip_subnet_id\":\"" + subnet + "\",\"provider\":\"ovn\"}}");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body().get("faultstring").asString()).isEqualTo("Provider 'ovn' is not enabled.");
    }

    @Test
    void each_load_balancer_has_an_amphora_that_a_failover_replaces() throws Exception {
        String admin = adminToken();
        String lb = loadBalancer();
        assertThat(demo.call("GET", "/load-balancer/v2/octavia/amphorae", null).status()).isEqualTo(403);
        JsonNode amphorae = as(admin, "GET", "/load-balancer/v2/octavia/amphorae?loadbalancer_id=" + lb, null).body().get("amphorae");
        assertThat(amphorae).hasSize(1);
        JsonNode amphora = amphorae.get(0);
        JsonNode vip = demo.call("GET", LBAAS + "/loadbalancers/" + lb, null).body().get("loadbalancer");
        assertThat(amphora.get("ha_port_id").asString()).isEqualTo(vip.get("vip_port_id").asString());
        assertThat(amphora.get("ha_ip").asString()).isEqualTo(vip.get("vip_address").asString());
        assertThat(amphora.get("role").asString()).isEqualTo("STANDALONE");
        assertThat(amphora.get("status").asString()).isEqualTo("ALLOCATED");
        String id = amphora.get("id").asString();
        assertThat(as(admin, "PUT", "/load-balancer/v2/octavia/amphorae/" + id + "/config", null).status()).isEqualTo(202);

        assertThat(demo.call("PUT", LBAAS + "/loadbalancers/" + lb + "/failover", null).status())
                .as("a failover is the operator's").isEqualTo(403);
        assertThat(as(admin, "PUT", "/load-balancer/v2/octavia/amphorae/" + id + "/failover", null).status()).isEqualTo(202);
        assertThat(demo.call("GET", LBAAS + "/loadbalancers/" + lb, null).body().get("loadbalancer").get("provisioning_status")
                .asString()).isEqualTo("PENDING_UPDATE");
        settle();
        JsonNode after = as(admin, "GET", "/load-balancer/v2/octavia/amphorae?loadbalancer_id=" + lb, null).body().get("amphorae");
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("id").asString()).isNotEqualTo(id);
        assertThat(as(admin, "GET", "/load-balancer/v2/octavia/amphorae/" + id, null).status()).isEqualTo(404);

        assertThat(demo.call("DELETE", LBAAS + "/loadbalancers/" + lb, null).status()).isEqualTo(204);
        settle();
        assertThat(as(admin, "GET", "/load-balancer/v2/octavia/amphorae?loadbalancer_id=" + lb, null).body().get("amphorae")).isEmpty();
    }

    @Test
    void a_pool_no_listener_sends_traffic_to_is_offline() {
        String lb = loadBalancer();
        String alone = pool(lb, "HTTP");
        assertThat(demo.call("GET", LBAAS + "/pools/" + alone, null).body().get("pool").get("operating_status").asString())
                .isEqualTo("OFFLINE");
        String listener = listener(lb, "HTTP", 80);
        String behind = id(demo.call("POST", LBAAS + "/pools", """
                {"pool":{"listener_id":"%s","protocol":"HTTP","lb_algorithm":"ROUND_ROBIN"}}""".formatted(listener)), "pool");
        settle();
        JsonNode pool = demo.call("GET", LBAAS + "/pools/" + behind, null).body().get("pool");
        assertThat(pool.get("operating_status").asString()).isEqualTo("ONLINE");
        assertThat(pool.get("listeners").get(0).get("id").asString()).isEqualTo(listener);
        assertThat(demo.call("PUT", LBAAS + "/listeners/" + listener, "{\"listener\":{\"default_pool_id\":null}}").status()).isEqualTo(200);
        settle();
        assertThat(demo.call("GET", LBAAS + "/pools/" + behind, null).body().get("pool").get("listeners")).isEmpty();
        demo.call("POST", LBAAS + "/l7policies", """
                {"l7policy":{"listener_id":"%s","action":"REDIRECT_TO_POOL","redirect_pool_id":"%s"}}""".formatted(listener, alone));
        settle();
        assertThat(demo.call("GET", LBAAS + "/pools/" + alone, null).body().get("pool").get("operating_status").asString())
                .as("an L7 redirect sends traffic to it").isEqualTo("ONLINE");
    }

    @Test
    void session_persistence_is_checked_replaced_and_removed_as_octavia_does() {
        String lb = loadBalancer();
        SimClient.Answer noCookie = demo.call("POST", LBAAS + "/pools", """
                {"pool":{"loadbalancer_id":"%s","protocol":"HTTP","lb_algorithm":"ROUND_ROBIN","session_persistence":{"type":"APP_COOKIE"}}}"""
                .formatted(lb));
        assertThat(noCookie.body().get("faultstring").asString())
                .isEqualTo("Validation failure: Field \"cookie_name\" must be specified when using the \"APP_COOKIE\" session persistence type.");
        String pool = id(demo.call("POST", LBAAS + "/pools", """
                {"pool":{"loadbalancer_id":"%s","protocol":"HTTP","lb_algorithm":"ROUND_ROBIN",
                 "session_persistence":{"type":"APP_COOKIE","cookie_name":"my_cookie"}}}""".formatted(lb)), "pool");
        settle();
        JsonNode replaced = demo.call("PUT", LBAAS + "/pools/" + pool, "{\"pool\":{\"session_persistence\":{\"type\":\"HTTP_COOKIE\"}}}")
                .body().get("pool").get("session_persistence");
        assertThat(replaced.get("type").asString()).isEqualTo("HTTP_COOKIE");
        assertThat(replaced.get("cookie_name").isNull()).isTrue();
        settle();
        assertThat(demo.call("PUT", LBAAS + "/pools/" + pool, "{\"pool\":{\"session_persistence\":null}}").body().get("pool")
                .get("session_persistence").isNull()).isTrue();
    }

    static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(x -> names.add(x.get("name").asString()));
        return names;
    }

    /** A token of the seed admin (project admin), for Octavia's operator routes. */
    String adminToken() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.identityEndpoint()
                        + "/auth/tokens")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                        .ofString("""
                                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin",
                                "domain":{"name":"Default"},"password":"admin"}}},"scope":{"project":{
                                "name":"admin","domain":{"name":"Default"}}}}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    SimClient.Answer as(String token, String method, String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new SimClient.Answer(r.statusCode(), r.body().isEmpty() ? null : SimClient.JSON.readTree(r.body()));
    }
}
