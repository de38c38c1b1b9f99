package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Nova's microversions over plain HTTP: how a request's version is negotiated (both headers, latest, the
 * refusals), the headers every answer carries, the version documents, and what each version up to the advertised
 * maximum changes on the routes the simulator serves.
 */
class NovaMicroversionTest {

    static final String COMPUTE = "/compute/v2.1";
    static final String MAX = "2.25";
    static final String LEGACY = "X-OpenStack-Nova-API-Version";
    static final String STANDARD = "OpenStack-API-Version";

    ManualClock clock;
    OpenStackSimulator sim;
    SimClient demo;
    SimClient admin;
    String flavor;
    String image;
    String network;
    final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.now());
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        demo = new SimClient(sim, "demo", "demo");
        admin = new SimClient(sim, "admin", "admin");
        flavor = demo.flavorId("m1.small");
        image = demo.imageId("ubuntu-24.04");
        network = demo.networkId("private");
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    /** A call with the demo token; {@code headers} are name, value pairs. */
    private Reply call(String method, String path, String json, String... headers) {
        return callAs(demo.token, method, path, json, headers);
    }

    private Reply callAs(String token, String method, String path, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().isEmpty() ? null : SimClient.JSON.readTree(r.body()), r);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String boot(String extra, String... headers) {
        Reply r = call("POST", COMPUTE + "/servers", """
                {"server":{"name":"vm","flavorRef":"%s","imageRef":"%s","networks":[{"uuid":"%s"}]%s}}"""
                .formatted(flavor, image, network, extra), headers);
        assertThat(r.status()).as("boot: %s", r.body()).isEqualTo(202);
        return r.body().at("/server/id").asString();
    }

    private static void assertVersion(Reply r, String version) {
        assertThat(r.header(LEGACY)).isEqualTo(version);
        assertThat(r.header(STANDARD)).isEqualTo("compute " + version);
        assertThat(String.join(",", r.raw().headers().allValues("Vary")))
                .contains("OpenStack-API-Version").contains("X-OpenStack-Nova-API-Version");
    }

    // ---- negotiation

    @Test
    void a_request_without_a_version_is_answered_at_2_1_and_says_so() {
        Reply r = call("GET", COMPUTE + "/flavors", null);
        assertThat(r.status()).isEqualTo(200);
        assertVersion(r, "2.1");
        // errors too: the version is chosen before the route answers
        assertVersion(call("GET", COMPUTE + "/servers/nope", null), "2.1");
    }

    @Test
    void latest_is_the_advertised_maximum_and_the_standard_header_wins_over_the_legacy_one() {
        assertVersion(call("GET", COMPUTE + "/flavors", null, LEGACY, "latest"), MAX);
        assertVersion(call("GET", COMPUTE + "/flavors", null, STANDARD, "compute latest"), MAX);
        assertVersion(call("GET", COMPUTE + "/flavors", null, STANDARD, "compute 2.19", LEGACY, "2.3"), "2.19");
        // a standard header for another service leaves the legacy one in charge
        assertVersion(call("GET", COMPUTE + "/flavors", null, STANDARD, "volume 3.50", LEGACY, "2.3"), "2.3");
        assertThat(call("GET", COMPUTE + "/", null, LEGACY, "latest").body().at("/version/version").asString()).isEqualTo(MAX);
    }

    @Test
    void a_version_outside_the_range_is_not_acceptable_and_a_malformed_one_is_a_bad_request() {
        Reply high = call("GET", COMPUTE + "/flavors", null, LEGACY, "2.999");
        assertThat(high.status()).isEqualTo(406);
        assertThat(high.body().at("/computeFault/code").asInt()).isEqualTo(406);
        assertThat(high.body().at("/computeFault/message").asString())
                .isEqualTo("Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is " + MAX + ".");
        assertThat(high.header(LEGACY)).isEqualTo("2.999");

        Reply low = call("GET", COMPUTE + "/flavors", null, STANDARD, "compute 2.0");
        assertThat(low.status()).isEqualTo(406);
        assertThat(low.body().at("/computeFault/message").asString())
                .isEqualTo("Version 2.0 is not supported by the API. Minimum is 2.1 and maximum is " + MAX + ".");

        Reply malformed = call("GET", COMPUTE + "/flavors", null, LEGACY, "2.01");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().at("/badRequest/message").asString())
                .isEqualTo("API Version String 2.01 is of invalid format. Must be of format MajorNum.MinorNum.");
        assertThat(malformed.header(LEGACY)).isNull();
    }

    // ---- version documents

    @Test
    void the_version_documents_advertise_the_maximum_that_is_implemented() {
        Reply root = callAs(null, "GET", "/compute/", null);
        assertThat(root.status()).isEqualTo(200);
        JsonNode versions = root.body().get("versions");
        assertThat(versions.findValuesAsString("id")).containsExactly("v2.0", "v2.1");
        assertThat(versions.get(0).get("status").asString()).isEqualTo("SUPPORTED");
        assertThat(versions.get(1).get("status").asString()).isEqualTo("CURRENT");
        assertThat(versions.get(1).get("version").asString()).isEqualTo(MAX);
        assertThat(versions.get(1).get("min_version").asString()).isEqualTo("2.1");
        assertThat(versions.get(1).at("/links/0/href").asString()).isEqualTo(sim.baseUrl() + "/compute/v2.1/");
        assertThat(callAs(null, "GET", "/compute", null).status()).isEqualTo(200);

        JsonNode v21 = callAs(null, "GET", COMPUTE + "/", null).body().get("version");
        assertThat(v21.get("version").asString()).isEqualTo(MAX);
        assertThat(v21.get("min_version").asString()).isEqualTo("2.1");
    }

    // ---- what the versions change

    @Test
    void server_groups_take_soft_policies_from_2_15_and_show_their_owners_from_2_13() {
        String soft = "{\"server_group\":{\"name\":\"g\",\"policies\":[\"soft-anti-affinity\"]}}";
        Reply refused = call("POST", COMPUTE + "/os-server-groups", soft);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().at("/badRequest/message").asString()).contains("'soft-anti-affinity' is not one of ['anti-affinity', 'affinity']");

        JsonNode old = call("POST", COMPUTE + "/os-server-groups", "{\"server_group\":{\"name\":\"a\",\"policies\":[\"anti-affinity\"]}}")
                .body().get("server_group");
        assertThat(old.has("project_id")).isFalse();
        assertThat(old.has("user_id")).isFalse();
        JsonNode at213 = call("GET", COMPUTE + "/os-server-groups/" + old.get("id").asString(), null, LEGACY, "2.13").body().get("server_group");
        assertThat(at213.get("project_id").asString()).isEqualTo(sim.projectId("dev"));
        assertThat(at213.has("user_id")).isTrue();

        Reply accepted = call("POST", COMPUTE + "/os-server-groups", soft, LEGACY, "2.15");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body().at("/server_group/policies/0").asString()).isEqualTo("soft-anti-affinity");
    }

    @Test
    void a_server_shows_lock_and_description_only_from_their_versions_and_takes_a_description_from_2_19() {
        Reply early = call("POST", COMPUTE + "/servers", """
                {"server":{"name":"vm","flavorRef":"%s","imageRef":"%s","networks":[{"uuid":"%s"}],"description":"web"}}"""
                .formatted(flavor, image, network));
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.body().at("/badRequest/message").asString()).contains("Additional properties are not allowed ('description' was unexpected)");

        String id = boot(",\"description\":\"web\"", LEGACY, "2.19");
        JsonNode at21 = call("GET", COMPUTE + "/servers/" + id, null).body().get("server");
        assertThat(at21.has("locked")).isFalse();
        assertThat(at21.has("description")).isFalse();
        JsonNode at29 = call("GET", COMPUTE + "/servers/" + id, null, LEGACY, "2.9").body().get("server");
        assertThat(at29.get("locked").asBoolean(true)).isFalse();
        assertThat(at29.has("description")).isFalse();
        JsonNode at219 = call("GET", COMPUTE + "/servers/detail", null, LEGACY, "2.19").body().at("/servers/0");
        assertThat(at219.get("description").asString()).isEqualTo("web");

        assertThat(call("PUT", COMPUTE + "/servers/" + id, "{\"server\":{\"description\":\"api\"}}").status()).isEqualTo(400);
        Reply renamed = call("PUT", COMPUTE + "/servers/" + id, "{\"server\":{\"description\":null}}", LEGACY, "2.19");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.body().at("/server/description").isNull()).isTrue();
    }

    @Test
    void attached_volumes_show_delete_on_termination_from_2_3() {
        String id = boot("");
        clock.advance(Duration.ofSeconds(2));
        String volume = demo.call("POST", "/volume/v3/" + sim.projectId("dev") + "/volumes", "{\"volume\":{\"size\":1}}")
                .body().at("/volume/id").asString();
        clock.advance(Duration.ofSeconds(2));
        assertThat(call("POST", COMPUTE + "/servers/" + id + "/os-volume_attachments",
                "{\"volumeAttachment\":{\"volumeId\":\"" + volume + "\"}}").status()).isEqualTo(200);

        JsonNode at21 = call("GET", COMPUTE + "/servers/" + id, null).body().at("/server/os-extended-volumes:volumes_attached/0");
        assertThat(at21.has("delete_on_termination")).isFalse();
        JsonNode at23 = call("GET", COMPUTE + "/servers/" + id, null, LEGACY, "2.3").body().at("/server/os-extended-volumes:volumes_attached/0");
        assertThat(at23.get("delete_on_termination").asBoolean(true)).isFalse();
    }

    @Test
    void admins_see_the_extended_attributes_of_their_version_and_host_status_from_2_16() {
        String id = boot("");
        clock.advance(Duration.ofSeconds(2));
        JsonNode at21 = callAs(admin.token, "GET", COMPUTE + "/servers/" + id, null).body().get("server");
        assertThat(at21.has("OS-EXT-SRV-ATTR:host")).isTrue();
        assertThat(at21.has("OS-EXT-SRV-ATTR:hostname")).isFalse();
        assertThat(at21.has("host_status")).isFalse();
        JsonNode at216 = callAs(admin.token, "GET", COMPUTE + "/servers/" + id, null, LEGACY, "2.16").body().get("server");
        assertThat(at216.get("OS-EXT-SRV-ATTR:hostname").asString()).isEqualTo("vm");
        assertThat(at216.get("host_status").asString()).isEqualTo("UP");
        // members see none of it, whatever the version
        JsonNode member = call("GET", COMPUTE + "/servers/" + id, null, LEGACY, "latest").body().get("server");
        assertThat(member.has("OS-EXT-SRV-ATTR:host")).isFalse();
        assertThat(member.has("host_status")).isFalse();
    }

    @Test
    void key_pairs_have_a_type_and_the_proper_status_codes_from_2_2() {
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0kqpf0Xjz6vXK6iY6mJ0i2w0ZyCw0m4pQ0qk6n7Zq3 x@y";
        Reply typed = call("POST", COMPUTE + "/os-keypairs", "{\"keypair\":{\"name\":\"k1\",\"public_key\":\"" + key + "\",\"type\":\"ssh\"}}");
        assertThat(typed.status()).isEqualTo(400);
        assertThat(typed.body().at("/badRequest/message").asString()).contains("Additional properties are not allowed ('type' was unexpected)");

        Reply old = call("POST", COMPUTE + "/os-keypairs", "{\"keypair\":{\"name\":\"k1\",\"public_key\":\"" + key + "\"}}");
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.body().at("/keypair").has("type")).isFalse();
        assertThat(call("DELETE", COMPUTE + "/os-keypairs/k1", null).status()).isEqualTo(202);

        Reply created = call("POST", COMPUTE + "/os-keypairs",
                "{\"keypair\":{\"name\":\"k2\",\"public_key\":\"" + key + "\",\"type\":\"ssh\"}}", LEGACY, "2.2");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().at("/keypair/type").asString()).isEqualTo("ssh");
        assertThat(call("GET", COMPUTE + "/os-keypairs", null, LEGACY, "2.2").body().at("/keypairs/0/keypair/type").asString()).isEqualTo("ssh");
        assertThat(call("GET", COMPUTE + "/os-keypairs/k2", null, LEGACY, "2.2").body().at("/keypair/type").asString()).isEqualTo("ssh");
        assertThat(call("DELETE", COMPUTE + "/os-keypairs/k2", null, LEGACY, "2.2").status()).isEqualTo(204);
    }

    @Test
    void admins_reach_another_users_key_pairs_from_2_10_and_members_may_not() {
        String demoUser = call("GET", COMPUTE + "/os-keypairs/demo-key", null).body().at("/keypair/user_id").asString();
        // before 2.10 the user_id query is not part of the API: admins see their own key pairs
        assertThat(callAs(admin.token, "GET", COMPUTE + "/os-keypairs?user_id=" + demoUser, null).body().get("keypairs")).isEmpty();
        Reply list = callAs(admin.token, "GET", COMPUTE + "/os-keypairs?user_id=" + demoUser, null, LEGACY, "2.10");
        assertThat(list.body().findValuesAsString("name")).containsExactly("demo-key");
        assertThat(callAs(admin.token, "GET", COMPUTE + "/os-keypairs/demo-key?user_id=" + demoUser, null, LEGACY, "2.10").status()).isEqualTo(200);

        Reply refused = call("GET", COMPUTE + "/os-keypairs?user_id=someone-else", null, LEGACY, "2.10");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().at("/forbidden/message").asString())
                .isEqualTo("Policy doesn't allow os_compute_api:os-keypairs:index to be performed.");
    }

    @Test
    void trigger_crash_dump_is_an_action_from_2_17() {
        String id = boot("");
        clock.advance(Duration.ofSeconds(2));
        Reply unknown = call("POST", COMPUTE + "/servers/" + id + "/action", "{\"trigger_crash_dump\":null}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().at("/badRequest/message").asString()).isEqualTo("There is no such action: trigger_crash_dump");
        assertThat(call("POST", COMPUTE + "/servers/" + id + "/action", "{\"trigger_crash_dump\":null}", LEGACY, "2.17").status())
                .isEqualTo(403);
    }

    @Test
    void a_member_filters_servers_by_ipv6_from_2_5_only() {
        String id = boot("");
        clock.advance(Duration.ofSeconds(2));
        JsonNode addresses = call("GET", COMPUTE + "/servers/" + id, null).body().at("/server/addresses");
        String v4 = addresses.findValuesAsString("addr").stream().filter(a -> !a.contains(":")).findFirst().orElseThrow();
        assertThat(call("GET", COMPUTE + "/servers?ip=" + v4, null).body().get("servers")).hasSize(1);
        assertThat(call("GET", COMPUTE + "/servers?ip=10.255.255.254", null).body().get("servers")).isEmpty();
        // before 2.5 a member's ip6 filter is dropped, from 2.5 it filters
        assertThat(call("GET", COMPUTE + "/servers?ip6=fd00::dead", null).body().get("servers")).hasSize(1);
        assertThat(call("GET", COMPUTE + "/servers?ip6=fd00::dead", null, LEGACY, "2.5").body().get("servers")).isEmpty();
    }
}
