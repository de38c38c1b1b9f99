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
import tools.jackson.databind.json.JsonMapper;

/** The simulator's own machinery over plain HTTP: Keystone, token checks, faults, journal, admin routes. */
class SimulatorCoreTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String AUTH = """
            {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},"password":"%s"}}},
             "scope":{"project":{"name":"dev","domain":{"name":"Default"}}}}}""";

    ManualClock clock;
    OpenStackSimulator sim;
    final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    Answer call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
    }

    String token() throws Exception {
        Answer a = call("POST", "/identity/v3/auth/tokens", null, AUTH.formatted("demo", "demo"));
        assertThat(a.status()).isEqualTo(201);
        return a.raw().headers().firstValue("X-Subject-Token").orElseThrow();
    }

    @Test
    void demo_gets_a_token_and_a_catalog_of_the_six_services() throws Exception {
        Answer a = call("POST", "/identity/v3/auth/tokens", null, AUTH.formatted("demo", "demo"));
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.raw().headers().firstValue("X-Subject-Token")).isPresent();
        JsonNode token = a.body().get("token");
        assertThat(token.get("project").get("name").asString()).isEqualTo("dev");
        List<String> types = new ArrayList<>();
        token.get("catalog").forEach(s -> types.add(s.get("type").asString()));
        assertThat(types).containsExactlyInAnyOrder("identity", "compute", "network", "volumev3", "image", "load-balancer");
        assertThat(token.get("catalog").get(0).get("endpoints").get(0).get("region").asString()).isEqualTo("RegionOne");
    }

    @Test
    void a_wrong_password_gets_keystones_401_body() throws Exception {
        Answer a = call("POST", "/identity/v3/auth/tokens", null, AUTH.formatted("demo", "nope"));
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body().get("error").get("code").asInt()).isEqualTo(401);
        assertThat(a.body().get("error").get("title").asString()).isEqualTo("Unauthorized");
    }

    @Test
    void a_project_name_without_a_domain_is_refused() throws Exception {
        Answer a = call("POST", "/identity/v3/auth/tokens", null, """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","domain":{"name":"Default"},"password":"demo"}}},
                 "scope":{"project":{"name":"dev"}}}}""");
        assertThat(a.status()).isEqualTo(400);
    }

    @Test
    void tokens_are_checked_on_every_call_expire_and_can_be_revoked() throws Exception {
        assertThat(call("GET", "/identity/v3/auth/projects", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/identity/v3/auth/projects", "made-up", null).status()).isEqualTo(401);
        String token = token();
        assertThat(call("GET", "/identity/v3/auth/projects", token, null).status()).isEqualTo(200);

        clock.advance(Duration.ofHours(1));
        assertThat(call("GET", "/identity/v3/auth/projects", token, null).status()).as("expired").isEqualTo(401);

        String fresh = token();
        sim.revokeAllTokens();
        assertThat(call("GET", "/identity/v3/auth/projects", fresh, null).status()).as("revoked").isEqualTo(401);
        assertThat(call("GET", "/identity/v3/auth/projects", token(), null).status()).as("new after revoke").isEqualTo(200);
    }

    @Test
    void injected_failures_answer_with_the_services_body_then_stop() throws Exception {
        sim.failNext("POST", "/identity/v3/auth/tokens", 2, 503);
        assertThat(call("POST", "/identity/v3/auth/tokens", null, AUTH.formatted("demo", "demo")).status()).isEqualTo(503);
        Answer second = call("POST", "/identity/v3/auth/tokens", null, AUTH.formatted("demo", "demo"));
        assertThat(second.status()).isEqualTo(503);
        assertThat(second.body().get("error").get("code").asInt()).isEqualTo(503);
        assertThat(call("POST", "/identity/v3/auth/tokens", null, AUTH.formatted("demo", "demo")).status()).isEqualTo(201);
    }

    @Test
    void unauthorized_and_rate_limit_faults_fire_as_asked() throws Exception {
        String token = token();
        sim.unauthorizedNext(1);
        assertThat(call("GET", "/identity/v3/auth/projects", token, null).status()).isEqualTo(401);
        assertThat(call("GET", "/identity/v3/auth/projects", token, null).status()).isEqualTo(200);

        sim.rateLimitNext("GET", "/identity/v3/regions", 1, 7);
        Answer limited = call("GET", "/identity/v3/regions", token, null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("Retry-After")).hasValue("7");
    }

    @Test
    void latency_is_added_to_a_route() throws Exception {
        String token = token();
        sim.latency("GET", "/identity/v3/regions", Duration.ofMillis(120), null);
        long started = System.nanoTime();
        call("GET", "/identity/v3/regions", token, null);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(120));
    }

    @Test
    void the_journal_records_route_templates_statuses_and_faults() throws Exception {
        String token = token();
        sim.failNext("GET", "/identity/v3/projects/{id}", 1, 500);
        call("GET", "/identity/v3/projects/" + sim.projectId("dev"), token, null);
        call("GET", "/no/such/route", token, null);
        List<SimJournalEntry> journal = sim.journal();
        assertThat(journal).extracting(SimJournalEntry::route)
                .contains("POST /identity/v3/auth/tokens", "GET /identity/v3/projects/{id}");
        SimJournalEntry failed = journal.stream().filter(e -> e.route().equals("GET /identity/v3/projects/{id}")).findFirst().orElseThrow();
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.fault()).contains("FAIL 500");
        assertThat(journal.getLast().status()).isEqualTo(404);
    }

    @Test
    void a_service_left_out_of_the_catalog_is_missing_from_new_tokens() throws Exception {
        sim.omitFromCatalog("load-balancer");
        Answer a = call("POST", "/identity/v3/auth/tokens", null, AUTH.formatted("demo", "demo"));
        List<String> types = new ArrayList<>();
        a.body().get("token").get("catalog").forEach(s -> types.add(s.get("type").asString()));
        assertThat(types).doesNotContain("load-balancer").contains("compute");
    }

    @Test
    void admin_routes_drive_the_simulator_over_http() throws Exception {
        Answer fault = call("POST", "/_sim/faults", null,
                "{\"kind\":\"fail\",\"method\":\"GET\",\"route\":\"/identity/v3/regions\",\"count\":1,\"status\":503}");
        assertThat(fault.status()).isEqualTo(201);
        String token = token();
        assertThat(call("GET", "/identity/v3/regions", token, null).status()).isEqualTo(503);
        assertThat(call("GET", "/identity/v3/regions", token, null).status()).isEqualTo(200);

        assertThat(call("POST", "/_sim/tokens/revoke", null, null).status()).isEqualTo(204);
        assertThat(call("GET", "/identity/v3/regions", token, null).status()).isEqualTo(401);

        assertThat(call("GET", "/_sim/inventory", null, null).body().isArray()).isTrue();
        assertThat(call("GET", "/_sim/journal?limit=2", null, null).body().size()).isEqualTo(2);
        assertThat(call("PUT", "/_sim/quotas/dev", null, "{\"instances\":3}").status()).isEqualTo(204);
    }
}
