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
 * Nova where a provisioner meets real-cloud behaviour that openstack4j does not show: deletes that take time,
 * addresses that come with the networking step, validation with Nova's wording, key pairs owned by a user,
 * server actions with their state checks, the ips routes and the request-id headers, over plain HTTP.
 */
class NovaFidelityTest {

    static final String SERVERS = "/compute/v2.1/servers";

    ManualClock clock;
    OpenStackSimulator sim;
    SimClient client;
    String flavor;
    String image;
    String network;
    final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {

        String message(String kind) {
            return body.path(kind).path("message").asString();
        }
    }

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.now());
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        client = new SimClient(sim, "demo", "demo");
        flavor = client.flavorId("m1.small");
        image = client.imageId("ubuntu-24.04");
        network = client.networkId("private");
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    private Reply call(String method, String path, String json) {
        return call(client.token, method, path, json);
    }

    private Reply call(String token, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").header("X-Auth-Token", token);
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

    private JsonNode server(String id) {
        return call("GET", SERVERS + "/" + id, null).body().get("server");
    }

    private String boot(String name, String extra) {
        Reply r = call("POST", SERVERS, """
                {"server":{"name":"%s","flavorRef":"%s","imageRef":"%s","networks":[{"uuid":"%s"}]%s}}"""
                .formatted(name, flavor, image, network, extra));
        assertThat(r.status()).as("boot %s: %s", name, r.body()).isEqualTo(202);
        return r.body().at("/server/id").asString();
    }

    private Reply bootAnswer(String serverJson) {
        return call("POST", SERVERS, "{\"server\":{\"flavorRef\":\"" + flavor + "\",\"imageRef\":\"" + image
                + "\",\"networks\":\"none\"," + serverJson + "}}");
    }

    private void assertBadRequest(Reply r, String message) {
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(400);
        assertThat(r.body().at("/badRequest/code").asInt()).isEqualTo(400);
        assertThat(r.message("badRequest")).isEqualTo(message);
    }

    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    // ---- 1. deletes take time

    @Test
    void a_deleted_server_is_deleting_and_readable_until_the_delete_time_has_passed_then_gone() {
        String id = boot("doomed", "");
        clock.advance(Duration.ofSeconds(1));
        String volume = client.call("POST", "/volume/v3/" + sim.projectId("dev") + "/volumes", "{\"volume\":{\"size\":1,\"name\":\"data\"}}")
                .body().at("/volume/id").asString();
        clock.advance(Duration.ofSeconds(1));
        assertThat(call("POST", SERVERS + "/" + id + "/os-volume_attachments", "{\"volumeAttachment\":{\"volumeId\":\"" + volume + "\"}}")
                .status()).isEqualTo(200);
        String port = sim.inventory("port").stream().filter(p -> p.status().equals("ACTIVE"))
                .map(SimResource::id).filter(p -> client.call("GET", "/network/v2.0/ports/" + p, null).body()
                        .at("/port/device_id").asString().equals(id)).findFirst().orElseThrow();

        assertThat(call("DELETE", SERVERS + "/" + id, null).status()).isEqualTo(204);
        JsonNode deleting = server(id);
        assertThat(deleting.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(deleting.get("OS-EXT-STS:task_state").asString()).isEqualTo("deleting");
        assertThat(call("GET", SERVERS + "/detail", null).body().get("servers")).hasSize(1);
        // the port and the volume are still the server's: Neutron and Cinder say so
        assertThat(client.call("GET", "/network/v2.0/ports/" + port, null).body().at("/port/device_id").asString()).isEqualTo(id);
        assertThat(client.call("GET", "/volume/v3/" + sim.projectId("dev") + "/volumes/" + volume, null).body()
                .at("/volume/status").asString()).isEqualTo("in-use");
        assertThat(client.call("DELETE", "/volume/v3/" + sim.projectId("dev") + "/volumes/" + volume, null).status()).isEqualTo(400);
        // a second delete is accepted and changes nothing: the end stays where the first delete put it
        advance(600);
        assertThat(call("DELETE", SERVERS + "/" + id, null).status()).isEqualTo(204);
        assertThat(server(id).get("OS-EXT-STS:task_state").asString()).isEqualTo("deleting");

        advance(400);
        assertThat(call("GET", SERVERS + "/" + id, null).status()).isEqualTo(404);
        assertThat(client.call("GET", "/network/v2.0/ports/" + port, null).status()).isEqualTo(404);
        assertThat(client.call("GET", "/volume/v3/" + sim.projectId("dev") + "/volumes/" + volume, null).body()
                .at("/volume/status").asString()).isEqualTo("available");
        assertThat(call("DELETE", SERVERS + "/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void the_ports_volumes_and_group_of_a_deleted_server_are_released_at_the_end_without_any_read_in_between() {
        String id = boot("quiet", "");
        clock.advance(Duration.ofSeconds(1));
        // the ports the project sees (the seed's router1 gateway port is the admin project's)
        int portsWithServer = client.call("GET", "/network/v2.0/ports", null).body().get("ports").size();
        assertThat(call("DELETE", SERVERS + "/" + id, null).status()).isEqualTo(204);
        clock.advance(Duration.ofSeconds(1));
        // the first call after the end sees the cloud as it is then, whichever service it goes to
        assertThat(client.call("GET", "/network/v2.0/ports", null).body().get("ports")).hasSize(portsWithServer - 1);
        assertThat(sim.inventory("server")).isEmpty();
    }

    // ---- 2. addresses come with the networking step

    @Test
    void a_building_server_shows_no_addresses_until_its_networking_is_done_though_its_port_exists() {
        String id = boot("early", "");
        assertThat(server(id).get("status").asString()).isEqualTo("BUILD");
        assertThat(server(id).get("addresses").isEmpty()).isTrue();
        assertThat(client.call("GET", "/network/v2.0/ports?device_id=" + id, null).body().get("ports")).hasSize(1);
        assertThat(call("GET", SERVERS + "/" + id + "/ips", null).body().get("addresses").isEmpty()).isTrue();

        advance(600);
        JsonNode networked = server(id);
        assertThat(networked.get("status").asString()).isEqualTo("BUILD");
        assertThat(networked.at("/addresses/private/0/addr").asString()).startsWith("10.0.");
    }

    // ---- 3. validation with Nova's wording

    @Test
    void key_pair_data_nova_cannot_parse_is_invalid() {
        String garbage = java.util.Base64.getEncoder().encodeToString("not an ssh key blob at all".getBytes());
        Reply junk = call("POST", "/compute/v2.1/os-keypairs", "{\"keypair\":{\"name\":\"junk\",\"public_key\":\"ssh-rsa " + garbage + " x@y\"}}");
        assertBadRequest(junk, "Keypair data is invalid: failed to generate fingerprint");
        // the type in the text must be the type in the blob
        String ed25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g";
        // a byte after the key
        assertBadRequest(call("POST", "/compute/v2.1/os-keypairs", "{\"keypair\":{\"name\":\"long\",\"public_key\":\"ssh-ed25519 "
                + "AAAAC3NzaC1lZDI1NTE5AAAAIGb2b3Rlc3QtYS1rZXktZm9yLXN0YWNrcG9ydC10ZXN0cw\"}}"), "Keypair data is invalid: failed to generate fingerprint");
        assertBadRequest(call("POST", "/compute/v2.1/os-keypairs", "{\"keypair\":{\"name\":\"mixed\",\"public_key\":\"ssh-rsa " + ed25519 + "\"}}"),
                "Keypair data is invalid: failed to generate fingerprint");
        // a blob cut short
        assertBadRequest(call("POST", "/compute/v2.1/os-keypairs", "{\"keypair\":{\"name\":\"short\",\"public_key\":\"ssh-ed25519 "
                + ed25519.substring(0, 40) + "\"}}"), "Keypair data is invalid: failed to generate fingerprint");
        assertThat(call("POST", "/compute/v2.1/os-keypairs", "{\"keypair\":{\"name\":\"good\",\"public_key\":\"ssh-ed25519 " + ed25519 + "\"}}")
                .status()).isEqualTo(200);
    }

    @Test
    void server_names_follow_novas_name_format_which_allows_digits_only() {
        assertThat(bootAnswer("\"name\":\"12345\"").status()).isEqualTo(202);
        assertThat(bootAnswer("\"name\":\"web 1 (blue)\"").status()).isEqualTo(202);
        String rule = "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.";
        assertBadRequest(bootAnswer("\"name\":\" padded\""), rule);
        assertBadRequest(bootAnswer("\"name\":\"padded \""), rule);
        assertBadRequest(bootAnswer("\"name\":\"\""), "Invalid input for field/attribute name. Value: . '' is too short");
        assertBadRequest(bootAnswer("\"name\":\"" + "n".repeat(256) + "\""),
                "Invalid input for field/attribute name. Value: " + "n".repeat(256) + ". '" + "n".repeat(256) + "' is too long");
        assertBadRequest(bootAnswer("\"name\":12"), "Invalid input for field/attribute name. Value: 12. 12 is not of type 'string'");
    }

    @Test
    void access_ips_must_be_addresses_of_their_version() {
        assertBadRequest(bootAnswer("\"name\":\"a\",\"accessIPv4\":\"1.2.3\""),
                "Invalid input for field/attribute accessIPv4. Value: 1.2.3. '1.2.3' is not a 'ipv4'");
        assertBadRequest(bootAnswer("\"name\":\"a\",\"accessIPv6\":\"1.2.3.4\""),
                "Invalid input for field/attribute accessIPv6. Value: 1.2.3.4. '1.2.3.4' is not a 'ipv6'");
        String id = bootAnswer("\"name\":\"a\",\"accessIPv4\":\"192.0.2.7\",\"accessIPv6\":\"2001:db8::7\"").body().at("/server/id").asString();
        assertThat(server(id).get("accessIPv4").asString()).isEqualTo("192.0.2.7");
        assertThat(server(id).get("accessIPv6").asString()).isEqualTo("2001:db8::7");
    }

    @Test
    void server_counts_must_be_positive_integers_with_min_not_above_max() {
        assertBadRequest(bootAnswer("\"name\":\"c\",\"min_count\":\"two\""),
                "Invalid input for field/attribute min_count. Value: two. 'two' does not match '^[0-9]*$'");
        assertBadRequest(bootAnswer("\"name\":\"c\",\"max_count\":0"),
                "Invalid input for field/attribute max_count. Value: 0. 0 is less than the minimum of 1");
        assertBadRequest(bootAnswer("\"name\":\"c\",\"min_count\":1.5"),
                "Invalid input for field/attribute min_count. Value: 1.5. 1.5 is not of type 'integer', 'string'");
        assertBadRequest(bootAnswer("\"name\":\"c\",\"min_count\":3,\"max_count\":2"), "min_count must be <= max_count");
        assertThat(bootAnswer("\"name\":\"c\",\"min_count\":1,\"max_count\":\"1\"").status()).isEqualTo(202);
    }

    @Test
    void list_limits_and_changes_since_are_validated() {
        assertBadRequest(call("GET", SERVERS + "/detail?limit=-1", null),
                "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'");
        assertBadRequest(call("GET", SERVERS + "?limit=ten", null),
                "Invalid input for query parameters limit. Value: ten. 'ten' does not match '^[0-9]*$'");
        assertBadRequest(call("GET", SERVERS + "/detail?changes-since=yesterday", null),
                "Invalid input for query parameters changes-since. Value: yesterday. 'yesterday' is not a 'date-time'");
        String old = boot("old", "");
        clock.advance(Duration.ofMinutes(5));
        Instant cut = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        String fresh = boot("fresh", "");
        JsonNode since = call("GET", SERVERS + "/detail?changes-since=" + java.time.format.DateTimeFormatter.ISO_INSTANT
                .format(cut.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), null).body().get("servers");
        assertThat(since).extracting(s -> s.get("id").asString()).containsExactly(fresh).doesNotContain(old);
    }

    // ---- 4. key pairs belong to a user

    @Test
    void another_user_of_the_project_neither_sees_nor_boots_with_a_users_key_pair() {
        sim.addUser("ops", "ops", "member", "dev");
        SimClient ops = new SimClient(sim, "ops", "ops");
        Reply hidden = call(ops.token, "GET", "/compute/v2.1/os-keypairs/demo-key", null);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.message("itemNotFound")).startsWith("Keypair demo-key not found for user ");
        assertThat(call(ops.token, "GET", "/compute/v2.1/os-keypairs", null).body().get("keypairs")).isEmpty();
        Reply boot = call(ops.token, "POST", SERVERS, """
                {"server":{"name":"k","flavorRef":"%s","imageRef":"%s","networks":"none","key_name":"demo-key"}}""".formatted(flavor, image));
        assertThat(boot.status()).isEqualTo(400);
        assertThat(boot.message("badRequest")).startsWith("Keypair demo-key not found for user ");
        assertThat(call(ops.token, "DELETE", "/compute/v2.1/os-keypairs/demo-key", null).status()).isEqualTo(404);
        // the same name is free for another user
        assertThat(call(ops.token, "POST", "/compute/v2.1/os-keypairs", "{\"keypair\":{\"name\":\"demo-key\"}}").status()).isEqualTo(200);
        assertThat(call("GET", "/compute/v2.1/os-keypairs", null).body().get("keypairs")).hasSize(1);
    }

    // ---- 5. actions

    @Test
    void stop_start_and_reboot_go_through_novas_states_and_are_refused_in_the_wrong_one() {
        String id = boot("day2", "");
        assertConflict(action(id, "{\"os-stop\":null}"), "Cannot 'stop' instance " + id + " while it is in vm_state building");
        clock.advance(Duration.ofSeconds(1));

        assertThat(action(id, "{\"os-stop\":null}").status()).isEqualTo(202);
        assertThat(server(id).get("OS-EXT-STS:task_state").asString()).isEqualTo("powering-off");
        assertConflict(action(id, "{\"os-start\":null}"), "Cannot 'start' instance " + id + " while it is in vm_state active");
        clock.advance(Duration.ofSeconds(1));
        JsonNode stopped = server(id);
        assertThat(stopped.get("status").asString()).isEqualTo("SHUTOFF");
        assertThat(stopped.get("OS-EXT-STS:vm_state").asString()).isEqualTo("stopped");
        assertThat(stopped.get("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
        assertConflict(action(id, "{\"os-stop\":null}"), "Cannot 'stop' instance " + id + " while it is in vm_state stopped");
        assertConflict(action(id, "{\"reboot\":{\"type\":\"SOFT\"}}"), "Cannot 'reboot' instance " + id + " while it is in vm_state stopped");

        assertThat(action(id, "{\"os-start\":null}").status()).isEqualTo(202);
        assertThat(server(id).get("OS-EXT-STS:task_state").asString()).isEqualTo("powering-on");
        clock.advance(Duration.ofSeconds(1));
        assertThat(server(id).get("status").asString()).isEqualTo("ACTIVE");

        assertThat(action(id, "{\"reboot\":{\"type\":\"SOFT\"}}").status()).isEqualTo(202);
        assertThat(server(id).get("status").asString()).isEqualTo("REBOOT");
        assertConflict(action(id, "{\"reboot\":{\"type\":\"SOFT\"}}"), "Cannot 'reboot' instance " + id + " while it is in task_state rebooting");
        clock.advance(Duration.ofSeconds(1));
        assertThat(server(id).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(action(id, "{\"reboot\":{\"type\":\"HARD\"}}").status()).isEqualTo(202);
        assertThat(server(id).get("status").asString()).isEqualTo("HARD_REBOOT");
        clock.advance(Duration.ofSeconds(1));
        assertThat(server(id).get("status").asString()).isEqualTo("ACTIVE");
        assertBadRequest(action(id, "{\"reboot\":{\"type\":\"GENTLE\"}}"),
                "Invalid input for field/attribute type. Value: GENTLE. 'GENTLE' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");

        assertThat(call("DELETE", SERVERS + "/" + id, null).status()).isEqualTo(204);
        assertConflict(action(id, "{\"os-stop\":null}"), "Cannot 'stop' instance " + id + " while it is in task_state deleting");
    }

    @Test
    void actions_this_cloud_does_not_allow_are_forbidden_by_policy_and_unknown_ones_are_bad_requests() {
        String id = boot("other", "");
        clock.advance(Duration.ofSeconds(1));
        Reply resize = action(id, "{\"resize\":{\"flavorRef\":\"3\"}}");
        assertThat(resize.status()).isEqualTo(403);
        assertThat(resize.message("forbidden")).isEqualTo("Policy doesn't allow os_compute_api:servers:resize to be performed.");
        assertBadRequest(action(id, "{\"fly\":null}"), "There is no such action: fly");
        assertThat(action("00000000-0000-0000-0000-000000000000", "{\"os-stop\":null}").status()).isEqualTo(404);
    }

    @Test
    void a_server_is_renamed_with_put() {
        String id = boot("before", "");
        Reply renamed = call("PUT", SERVERS + "/" + id, "{\"server\":{\"name\":\"after\"}}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.body().at("/server/name").asString()).isEqualTo("after");
        assertThat(server(id).get("name").asString()).isEqualTo("after");
        assertBadRequest(call("PUT", SERVERS + "/" + id, "{\"server\":{\"name\":\" after\"}}"),
                "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.");
        assertBadRequest(call("PUT", SERVERS + "/" + id, "{\"server\":{\"flavorRef\":\"3\"}}"),
                "Invalid input for field/attribute server. Value: {'flavorRef': '3'}. Additional properties are not allowed ('flavorRef' was unexpected)");
    }

    private Reply action(String id, String json) {
        return call("POST", SERVERS + "/" + id + "/action", json);
    }

    private static void assertConflict(Reply r, String message) {
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(409);
        assertThat(r.message("conflictingRequest")).isEqualTo(message);
    }

    // ---- 6. ips and request ids

    @Test
    void a_servers_addresses_are_read_by_network_from_the_ips_routes() {
        String id = boot("addressed", "");
        clock.advance(Duration.ofSeconds(1));
        JsonNode all = call("GET", SERVERS + "/" + id + "/ips", null).body().get("addresses");
        assertThat(all.at("/private/0/version").asInt()).isEqualTo(4);
        assertThat(all.at("/private/0/addr").asString()).startsWith("10.0.");
        assertThat(all.at("/private/0").has("OS-EXT-IPS:type")).isFalse();
        JsonNode one = call("GET", SERVERS + "/" + id + "/ips/private", null).body();
        assertThat(one.get("private")).isEqualTo(all.get("private"));
        Reply other = call("GET", SERVERS + "/" + id + "/ips/public", null);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.message("itemNotFound")).isEqualTo("Instance is not a member of specified network");
    }

    @Test
    void every_compute_answer_carries_novas_request_id_headers() {
        for (Reply r : new Reply[] {call("GET", "/compute/v2.1/flavors", null), call("GET", SERVERS + "/nope", null),
                call("POST", SERVERS, "{\"server\":{}}")}) {
            String compute = r.raw().headers().firstValue("x-compute-request-id").orElse("");
            assertThat(compute).matches("req-[0-9a-f-]{36}");
            assertThat(r.raw().headers().allValues("x-openstack-request-id")).isNotEmpty();
        }
    }
}
