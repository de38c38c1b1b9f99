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
 * Nova's day-two server calls beyond stop, start and reboot: rebuild, lock, security groups through the ports,
 * the deferred-delete actions of a cloud without soft delete, instance actions, the server password, virtual
 * interfaces on a Neutron cloud, multiple create, and the shape of the update answer.
 */
class NovaServerActionsTest {

    static final String SERVERS = "/compute/v2.1/servers";

    ManualClock clock;
    OpenStackSimulator sim;
    SimClient client;
    String flavor;
    String image;
    String otherImage;
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
        otherImage = client.imageId("ubuntu-22.04");
        network = client.networkId("private");
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    private Reply call(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").header("X-Auth-Token", client.token);
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

    private String boot(String name) {
        Reply r = call("POST", SERVERS, """
                {"server":{"name":"%s","flavorRef":"%s","imageRef":"%s","networks":[{"uuid":"%s"}]}}"""
                .formatted(name, flavor, image, network));
        assertThat(r.status()).as("boot %s: %s", name, r.body()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(2));
        return r.body().at("/server/id").asString();
    }

    private Reply action(String id, String json) {
        return call("POST", SERVERS + "/" + id + "/action", json);
    }

    @Test
    void a_rebuild_changes_image_name_and_metadata_keeps_addresses_and_passes_through_REBUILD() {
        String id = boot("original");
        JsonNode addresses = server(id).get("addresses");

        Reply rebuilt = action(id, """
                {"rebuild":{"imageRef":"%s","name":"renewed","metadata":{"rebuild":"server"},"adminPass":"rebuildPassw0rd"}}"""
                .formatted(otherImage));

        assertThat(rebuilt.status()).isEqualTo(202);
        JsonNode answer = rebuilt.body().get("server");
        assertThat(answer.at("/image/id").asString()).isEqualTo(otherImage);
        assertThat(answer.get("adminPass").asString()).isEqualTo("rebuildPassw0rd");
        assertThat(answer.get("status").asString()).isEqualTo("REBUILD");
        assertThat(answer.has("OS-EXT-STS:vm_state")).as("the update view has no extension fields").isFalse();
        assertThat(server(id).get("OS-EXT-STS:task_state").asString()).isEqualTo("rebuilding");
        clock.advance(Duration.ofSeconds(2));
        JsonNode after = server(id);
        assertThat(after.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(after.get("name").asString()).isEqualTo("renewed");
        assertThat(after.at("/metadata/rebuild").asString()).isEqualTo("server");
        assertThat(after.get("addresses")).isEqualTo(addresses);
    }

    @Test
    void a_stopped_server_stays_stopped_after_a_rebuild_and_an_unknown_image_is_refused() {
        String id = boot("stopped");
        action(id, "{\"os-stop\":null}");
        clock.advance(Duration.ofSeconds(2));

        assertThat(action(id, "{\"rebuild\":{\"imageRef\":\"" + otherImage + "\"}}").status()).isEqualTo(202);
        assertThat(server(id).get("status").asString()).isEqualTo("REBUILD");
        clock.advance(Duration.ofSeconds(2));
        assertThat(server(id).get("status").asString()).isEqualTo("SHUTOFF");

        Reply unknown = action(id, "{\"rebuild\":{\"imageRef\":\"00000000-0000-0000-0000-000000000000\"}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.message("badRequest")).isEqualTo("Cannot find image for rebuild");
    }

    @Test
    void a_locked_server_refuses_stop_and_delete_until_it_is_unlocked() {
        String id = boot("locked");
        assertThat(action(id, "{\"lock\":null}").status()).isEqualTo(202);

        Reply refused = action(id, "{\"os-stop\":null}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.message("conflictingRequest")).isEqualTo("Instance " + id + " is locked");
        assertThat(call("DELETE", SERVERS + "/" + id, null).status()).isEqualTo(409);
        assertThat(server(id).get("status").asString()).isEqualTo("ACTIVE");

        assertThat(action(id, "{\"unlock\":null}").status()).isEqualTo(202);
        assertThat(action(id, "{\"os-stop\":null}").status()).isEqualTo(202);
    }

    @Test
    void security_groups_are_added_to_and_removed_from_the_servers_ports_and_shown_from_them() {
        String id = boot("guarded");
        String group = client.call("POST", "/network/v2.0/security-groups", "{\"security_group\":{\"name\":\"web\"}}")
                .body().at("/security_group/id").asString();

        assertThat(action(id, "{\"addSecurityGroup\":{\"name\":\"web\"}}").status()).isEqualTo(202);
        assertThat(names(server(id).get("security_groups"))).containsExactly("default", "web");
        String port = client.call("GET", "/network/v2.0/ports?device_id=" + id, null).body().at("/ports/0/id").asString();
        assertThat(texts(client.call("GET", "/network/v2.0/ports/" + port, null).body().at("/port/security_groups"))).contains(group);

        assertThat(action(id, "{\"removeSecurityGroup\":{\"name\":\"default\"}}").status()).isEqualTo(202);
        assertThat(action(id, "{\"removeSecurityGroup\":{\"name\":\"web\"}}").status()).isEqualTo(202);
        assertThat(server(id).has("security_groups")).as("Nova leaves the key out when no port has a group").isFalse();

        Reply notThere = action(id, "{\"removeSecurityGroup\":{\"name\":\"web\"}}");
        assertThat(notThere.status()).isEqualTo(404);
        assertThat(notThere.message("itemNotFound")).isEqualTo("Security group web not associated with the instance " + id);
        assertThat(action(id, "{\"addSecurityGroup\":{\"name\":\"nowhere\"}}").status()).isEqualTo(404);
    }

    @Test
    void without_soft_delete_nothing_can_be_restored_and_force_delete_deletes() {
        String id = boot("hard");
        Reply restore = action(id, "{\"restore\":null}");
        assertThat(restore.status()).isEqualTo(409);
        assertThat(restore.message("conflictingRequest")).isEqualTo("Cannot 'restore' instance " + id + " while it is in vm_state active");
        assertThat(action("00000000-0000-0000-0000-000000000000", "{\"restore\":null}").status()).isEqualTo(404);

        assertThat(action(id, "{\"forceDelete\":null}").status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(2));
        assertThat(call("GET", SERVERS + "/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void instance_actions_are_listed_under_the_request_ids_of_the_calls_that_made_them() {
        Reply created = call("POST", SERVERS, """
                {"server":{"name":"recorded","flavorRef":"%s","imageRef":"%s","networks":[{"uuid":"%s"}]}}"""
                .formatted(flavor, image, network));
        String id = created.body().at("/server/id").asString();
        String requestId = created.raw().headers().firstValue("x-compute-request-id").orElseThrow();
        clock.advance(Duration.ofSeconds(2));
        action(id, "{\"reboot\":{\"type\":\"HARD\"}}");

        JsonNode actions = call("GET", SERVERS + "/" + id + "/os-instance-actions", null).body().get("instanceActions");
        assertThat(texts(actions, "action")).containsExactly("reboot", "create");
        JsonNode create = call("GET", SERVERS + "/" + id + "/os-instance-actions/" + requestId, null).body().get("instanceAction");
        assertThat(create.get("action").asString()).isEqualTo("create");
        assertThat(create.get("instance_uuid").asString()).isEqualTo(id);
        assertThat(create.has("events")).as("events are for admins").isFalse();
        assertThat(call("GET", SERVERS + "/" + id + "/os-instance-actions/req-unknown", null).status()).isEqualTo(404);
    }

    @Test
    void the_password_is_empty_and_virtual_interfaces_are_not_listed_on_a_neutron_cloud() {
        String id = boot("quiet");
        Reply password = call("GET", SERVERS + "/" + id + "/os-server-password", null);
        assertThat(password.status()).isEqualTo(200);
        assertThat(password.body().get("password").asString()).isEmpty();
        assertThat(call("DELETE", SERVERS + "/" + id + "/os-server-password", null).status()).isEqualTo(204);

        Reply vifs = call("GET", SERVERS + "/" + id + "/os-virtual-interfaces", null);
        assertThat(vifs.status()).isEqualTo(400);
        assertThat(vifs.message("badRequest")).isEqualTo("Listing virtual interfaces is not supported by this cloud.");
        assertThat(call("GET", SERVERS + "/00000000-0000-0000-0000-000000000000/os-virtual-interfaces", null).status()).isEqualTo(404);
    }

    @Test
    void multiple_create_makes_numbered_servers_of_one_reservation() {
        Reply many = call("POST", SERVERS, """
                {"server":{"name":"fleet","flavorRef":"%s","imageRef":"%s","networks":[{"uuid":"%s"}],"min_count":2,"max_count":3,
                 "return_reservation_id":true}}""".formatted(flavor, image, network));
        assertThat(many.status()).isEqualTo(202);
        String reservation = many.body().get("reservation_id").asString();
        assertThat(reservation).startsWith("r-");
        assertThat(many.body().has("server")).isFalse();

        JsonNode servers = call("GET", SERVERS + "?name=fleet", null).body().get("servers");
        assertThat(texts(servers, "name")).containsExactlyInAnyOrder("fleet-1", "fleet-2", "fleet-3");

        Reply two = call("POST", SERVERS, """
                {"server":{"name":"pair","flavorRef":"%s","imageRef":"%s","networks":[{"uuid":"%s"}],"min_count":2,"adminPass":"testpassword"}}"""
                .formatted(flavor, image, network));
        assertThat(two.body().at("/server/adminPass").asString()).isEqualTo("testpassword");
        assertThat(call("GET", SERVERS + "?name=pair", null).body().get("servers").size()).isEqualTo(2);
    }

    @Test
    void the_update_answer_has_only_the_core_fields_and_ipv6_access_addresses_are_compacted() {
        String id = boot("plain");
        Reply updated = call("PUT", SERVERS + "/" + id,
                "{\"server\":{\"accessIPv4\":\"1.1.1.1\",\"accessIPv6\":\"0000:0000:0000:0000:0000:babe:220.12.22.2\"}}");
        assertThat(updated.status()).isEqualTo(200);
        JsonNode s = updated.body().get("server");
        assertThat(s.get("accessIPv6").asString()).isEqualTo("::babe:dc0c:1602");
        List<String> fields = new ArrayList<>();
        s.propertyNames().forEach(fields::add);
        assertThat(fields).doesNotContain("key_name", "security_groups", "OS-EXT-AZ:availability_zone", "OS-EXT-STS:vm_state",
                "os-extended-volumes:volumes_attached", "config_drive", "OS-SRV-USG:launched_at");
        s.get("addresses").properties().forEach(e -> e.getValue().forEach(a -> assertThat(a.has("OS-EXT-IPS:type")).isFalse()));
        assertThat(server(id).get("accessIPv6").asString()).isEqualTo("::babe:dc0c:1602");
    }

    @Test
    void the_disk_config_is_kept_from_create_update_and_rebuild_and_progress_shows_only_in_running_states() {
        Reply created = call("POST", SERVERS, """
                {"server":{"name":"disky","flavorRef":"%s","imageRef":"%s","networks":"none","OS-DCF:diskConfig":"AUTO"}}"""
                .formatted(flavor, image));
        String id = created.body().at("/server/id").asString();
        assertThat(created.body().at("/server/OS-DCF:diskConfig").asString()).isEqualTo("AUTO");
        clock.advance(Duration.ofSeconds(2));
        assertThat(call("PUT", SERVERS + "/" + id, "{\"server\":{\"OS-DCF:diskConfig\":\"MANUAL\"}}").body()
                .at("/server/OS-DCF:diskConfig").asString()).isEqualTo("MANUAL");
        action(id, "{\"rebuild\":{\"imageRef\":\"" + otherImage + "\",\"OS-DCF:diskConfig\":\"AUTO\"}}");
        assertThat(server(id).get("OS-DCF:diskConfig").asString()).isEqualTo("AUTO");
        Reply wrong = call("PUT", SERVERS + "/" + id, "{\"server\":{\"OS-DCF:diskConfig\":\"SOMETIMES\"}}");
        assertThat(wrong.message("badRequest")).isEqualTo(
                "Invalid input for field/attribute OS-DCF:diskConfig. Value: SOMETIMES. 'SOMETIMES' is not one of ['AUTO', 'MANUAL']");

        clock.advance(Duration.ofSeconds(2));
        assertThat(server(id).has("progress")).isTrue();
        action(id, "{\"os-stop\":null}");
        clock.advance(Duration.ofSeconds(2));
        assertThat(server(id).has("progress")).as("no progress for a stopped server").isFalse();
    }

    private static List<String> names(JsonNode groups) {
        return texts(groups, "name");
    }

    private static List<String> texts(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path(field).asString()));
        return out;
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asString()));
        return out;
    }
}
