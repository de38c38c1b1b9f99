package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The unauthenticated version documents at each service's root, as clients use them for version discovery: status
 * code and shape as the real services answer them, links back to the simulator.
 */
class ServiceRootsTest {

    ManualClock clock;
    OpenStackSimulator sim;
    HttpClient http;

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        http.close();
        sim.close();
    }

    Answer get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body().isEmpty() ? null : SimClient.JSON.readTree(r.body()), r);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> ids(JsonNode versions) {
        List<String> out = new ArrayList<>();
        versions.forEach(v -> out.add(v.get("id").asString()));
        return out;
    }

    static String selfLink(JsonNode version) {
        for (JsonNode l : version.get("links")) {
            if (l.get("rel").asString().equals("self")) {
                return l.get("href").asString();
            }
        }
        throw new AssertionError("no self link in " + version);
    }

    @Test
    void neutron_answers_its_one_version_at_the_network_root() {
        for (String path : List.of("/network", "/network/")) {
            Answer a = get(path);
            assertThat(a.status()).as(path).isEqualTo(200);
            assertThat(a.body().toString()).isEqualTo("{\"versions\":[{\"id\":\"v2.0\",\"status\":\"CURRENT\",\"links\":"
                    + "[{\"rel\":\"self\",\"href\":\"" + sim.baseUrl() + "/network/v2.0/\"}]}]}");
        }
    }

    @Test
    void glance_answers_multiple_choices_with_its_v2_minor_versions_at_the_image_root() {
        Answer a = get("/image");
        assertThat(a.status()).isEqualTo(300);
        JsonNode versions = a.body().get("versions");
        assertThat(ids(versions)).startsWith("v2.15", "v2.9").endsWith("v2.1", "v2.0");
        assertThat(versions.get(0).get("status").asString()).isEqualTo("CURRENT");
        assertThat(versions).filteredOn(v -> v.get("status").asString().equals("SUPPORTED")).hasSize(versions.size() - 1);
        assertThat(versions).allSatisfy(v -> assertThat(selfLink(v)).isEqualTo(sim.baseUrl() + "/image/v2/"));
        // the explicit /versions path answers the same list with 200
        Answer explicit = get("/image/versions");
        assertThat(explicit.status()).isEqualTo(200);
        assertThat(explicit.body()).isEqualTo(a.body());
    }

    @Test
    void cinder_answers_multiple_choices_at_the_volume_root_with_the_microversion_range_it_implements() {
        Answer a = get("/volume/");
        assertThat(a.status()).isEqualTo(300);
        JsonNode v3 = a.body().get("versions").get(0);
        assertThat(a.body().get("versions")).hasSize(1);
        assertThat(v3.get("id").asString()).isEqualTo("v3.0");
        assertThat(v3.get("status").asString()).isEqualTo("CURRENT");
        assertThat(v3.get("min_version").asString()).isEqualTo("3.0");
        assertThat(v3.get("version").asString()).isEqualTo("3.0");
        assertThat(v3.get("media-types").get(0).get("type").asString()).isEqualTo("application/vnd.openstack.volume+json;version=3");
        assertThat(selfLink(v3)).isEqualTo(sim.baseUrl() + "/volume/v3/");
        SimClient client = new SimClient(sim, "demo", "demo");
        Answer own = get("/volume/v3/", "X-Auth-Token", client.token);
        assertThat(own.status()).as("the version's own document, behind Keystone's middleware").isEqualTo(200);
        assertThat(own.body()).isEqualTo(a.body());
        assertThat(get("/volume/v3/").status()).isEqualTo(401);
    }

    @Test
    void cinder_answers_the_microversion_it_serves_and_refuses_those_it_does_not() throws Exception {
        SimClient client = new SimClient(sim, "demo", "demo");
        String volumes = "/volume/v3/" + sim.projectId("dev") + "/volumes";
        for (String asked : new String[] {null, "volume 3.0", "volume latest", "compute 2.90"}) {
            Answer a = asked == null ? get(volumes, "X-Auth-Token", client.token)
                    : get(volumes, "X-Auth-Token", client.token, "OpenStack-API-Version", asked);
            assertThat(a.status()).as("%s", asked).isEqualTo(200);
            assertThat(a.raw().headers().firstValue("OpenStack-API-Version")).as("%s", asked).contains("volume 3.0");
            assertThat(a.raw().headers().allValues("Vary")).as("%s", asked).contains("OpenStack-API-Version");
        }
        Answer tooNew = get(volumes, "X-Auth-Token", client.token, "OpenStack-API-Version", "volume 3.42");
        assertThat(tooNew.status()).isEqualTo(406);
        assertThat(tooNew.body().toString()).isEqualTo("{\"computeFault\":{\"message\":\"Version 3.42 is not supported by the API. "
                + "Minimum is 3.0 and maximum is 3.0.\",\"code\":406}}");
        Answer malformed = get(volumes, "X-Auth-Token", client.token, "OpenStack-API-Version", "volume three");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().at("/badRequest/message").asString())
                .isEqualTo("API Version String three is of invalid format. Must be of format MajorNum.MinorNum.");
    }

    @Test
    void octavia_answers_its_v2_minor_versions_linking_to_v2_at_the_load_balancer_root() {
        Answer a = get("/load-balancer");
        assertThat(a.status()).isEqualTo(200);
        JsonNode versions = a.body().get("versions");
        assertThat(ids(versions)).startsWith("v2.0", "v2.1").contains("v2.5");
        JsonNode last = versions.get(versions.size() - 1);
        assertThat(last.get("status").asString()).isEqualTo("CURRENT");
        assertThat(versions).allSatisfy(v -> {
            assertThat(selfLink(v)).isEqualTo(sim.baseUrl() + "/load-balancer/v2");
            assertThat(v.get("updated").asString()).endsWith("Z");
        });
        assertThat(versions).filteredOn(v -> v.get("status").asString().equals("CURRENT")).hasSize(1);
    }

    @Test
    void service_roots_need_no_token_and_are_journaled() {
        for (String root : List.of("/network", "/image", "/volume", "/load-balancer")) {
            assertThat(get(root).status()).as(root).isIn(200, 300);
            assertThat(sim.journal()).anyMatch(e -> e.path().equals(root));
        }
    }
}
