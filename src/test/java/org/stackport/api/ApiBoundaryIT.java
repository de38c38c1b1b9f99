package org.stackport.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Fixtures;
import org.stackport.support.RunAs;
import org.stackport.tenancy.ApiKeyService;
import org.stackport.tenancy.ProjectRole;

/**
 * The edge of the REST API as an outside probe sees it: it never answers with the console, a burst of refused
 * requests from one caller does not stall anybody else, and concurrent creates of one name have one winner.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApiBoundaryIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SimulatorLauncher simulator;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> send(String method, String path, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("ApiKey", key);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"status\":" + status).doesNotContain("<html").doesNotContain("<!doctype");
        assertThat(r.headers().allValues("Set-Cookie")).as("no session cookie from the API").isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} is a 404 problem")
    @CsvSource({
            "GET, /api",
            "GET, /api/",
            "GET, /api/v1",
            "GET, /api/v1/nothing-here",
            "GET, /api/v2/projects",
            "POST, /api/v1/projects/default/clusters/x/y/z",
            "DELETE, /api/v1/gateways/local-gateway/unknown",
            "GET, /api/v1/login",
            "GET, /api/v1/VAADIN/build/whatever.js"})
    void unknown_paths_answer_404_problems_and_never_the_console(String method, String path) {
        assertProblem(send(method, path, ADMIN_KEY, null), 404);
    }

    @ParameterizedTest(name = "{0} {1} is a 405 allowing {2}")
    @CsvSource(delimiter = '|', value = {
            "PUT | /api/v1/projects | GET, HEAD, OPTIONS, POST",
            "DELETE | /api/v1/packs | GET, HEAD, OPTIONS",
            "PATCH | /api/v1/users | GET, HEAD, OPTIONS, POST",
            "POST | /api/v1/audit | GET, HEAD, OPTIONS"})
    void wrong_methods_answer_405_with_allow(String method, String path, String allow) {
        HttpResponse<String> r = send(method, path, ADMIN_KEY, method.equals("DELETE") ? null : "{}");
        assertProblem(r, 405);
        assertThat(r.headers().firstValue("Allow")).hasValue(allow);
    }

    @Test
    void a_password_longer_than_bcrypt_reads_is_a_422_on_the_field_not_a_failure() {
        HttpResponse<String> r = send("POST", "/api/v1/users", ADMIN_KEY,
                "{\"username\":\"long-password\",\"password\":\"" + "Ab1-".repeat(25) + "\"}");
        assertProblem(r, 422);
        assertThat(r.body()).contains("\"field\":\"password\"").contains("72 bytes");
    }

    @Test
    void options_names_the_methods_of_a_path() {
        HttpResponse<String> r = send("OPTIONS", "/api/v1/projects", ADMIN_KEY, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Allow").orElse("").split(",\\s*")).contains("GET", "POST", "OPTIONS");
        assertProblem(send("OPTIONS", "/api/v1/nothing-here", ADMIN_KEY, null), 404);
    }

    @Test
    void an_unexpected_failure_is_a_500_problem_with_a_reference() {
        HttpResponse<String> r = send("GET", "/api/v1/test-only/failure", ADMIN_KEY, null);
        assertProblem(r, 500);
        assertThat(r.body()).contains("reference").doesNotContain("forced failure").doesNotContain("IllegalState");
    }

    @Test
    void refusals_without_a_key_or_with_a_bad_one_are_problems_without_cookies() {
        assertProblem(send("GET", "/api/v1/projects", null, null), 401);
        assertProblem(send("GET", "/api/v1/nothing-here", null, null), 401);
        assertProblem(send("GET", "/api/v1/projects", "sp_unknown", null), 401);
        assertProblem(send("POST", "/api/v1/projects", ADMIN_KEY, "{not json"), 400);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "projects | /api/v1/projects | {\"name\":\"same-name\"}",
            "users | /api/v1/users | {\"username\":\"same-user\",\"password\":\"Racing-Password-42\"}",
            "cloud accounts (checked with Keystone first) | /api/v1/cloud-accounts | ACCOUNT"})
    void concurrent_creates_of_one_name_have_one_winner_and_409_for_everyone_else(String what, String path, String body)
            throws Exception {
        String json = body.equals("ACCOUNT") ? """
                {"name":"same-account","username":"demo","password":"demo","identityEndpoint":"%s",
                 "parentRegion":"RegionOne","defaultDomain":"Default","defaultProject":"dev","scope":"tenant"}"""
                .formatted(simulator.simulator().identityEndpoint()) : body;
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        // one key per caller, as separate clients would have (one key is limited to a few requests at a time)
        for (int i = 0; i < callers; i++) {
            String key = RunAs.admin(() -> apiKeys.create("admin", "race-" + UUID.randomUUID(), null).key());
            answers.add(pool.submit(() -> {
                start.await();
                return send("POST", path, key, json);
            }));
        }
        start.countDown();
        int created = 0;
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 201) {
                created++;
            } else {
                assertProblem(r, 409);
            }
        }
        pool.shutdown();
        assertThat(created).as(what).isEqualTo(1);
    }

    /**
     * A caller whose every request is refused sends far more at once than there are pooled connections; the others
     * (a tenant admin listing projects, the health endpoint) keep their pace, and every refusal is in the audit.
     */
    @Test
    void a_burst_of_refused_requests_does_not_stall_other_callers_and_every_refusal_is_audited() throws Exception {
        fixtures.user("burst-viewer", false);
        fixtures.member("burst-project", "burst-viewer", ProjectRole.PROJECT_VIEWER);
        String key = RunAs.user("burst-viewer", () -> apiKeys.create("burst-viewer", "burst", null).key());

        int concurrency = Integer.getInteger("stackport.burst.concurrency", 40);
        int requests = Integer.getInteger("stackport.burst.requests", 400);
        ExecutorService burst = Executors.newFixedThreadPool(concurrency);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<Long> burstMillis = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> otherMillis = Collections.synchronizedList(new ArrayList<>());
        List<Long> healthMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger otherFailures = new AtomicInteger();
        Thread others = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                long t0 = System.nanoTime();
                int projects = statusOrMinusOne("GET", "/api/v1/projects", ADMIN_KEY, null);
                long t1 = System.nanoTime();
                int health = statusOrMinusOne("GET", "/actuator/health", null, null);
                long t2 = System.nanoTime();
                otherMillis.add((t1 - t0) / 1_000_000);
                healthMillis.add((t2 - t1) / 1_000_000);
                if (projects != 200 || health != 200) {
                    otherFailures.incrementAndGet();
                }
            }
        });
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            int n = i;
            sent.add(burst.submit(() -> {
                long t0 = System.nanoTime();
                int status = statusOrMinusOne("POST", "/api/v1/users/admin/api-keys", key, "{\"name\":\"steal-" + n + "\"}");
                burstMillis.add((System.nanoTime() - t0) / 1_000_000);
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        running.set(false);
        others.join();
        burst.shutdown();

        System.out.printf("burst of %d refused requests at %d concurrent: statuses %s; burst p50 %d ms p99 %d ms; "
                        + "other caller p50 %d ms p99 %d ms max %d ms (%d calls, %d failed); health p50 %d ms p99 %d ms "
                        + "max %d ms%n",
                requests, concurrency, statuses, pct(burstMillis, 50), pct(burstMillis, 99), pct(otherMillis, 50),
                pct(otherMillis, 99), pct(otherMillis, 100), otherMillis.size(), otherFailures.get(), pct(healthMillis, 50),
                pct(healthMillis, 99), pct(healthMillis, 100));
        assertThat(statuses.keySet()).as("only refusals: 403, or 429 when the caller has too many at once")
                .isSubsetOf(403, 429);
        assertThat(otherFailures).as("other callers' failed calls").hasValue(0);
        assertThat(pct(otherMillis, 99)).as("another caller's p99 in ms").isLessThan(2_000);
        assertThat(pct(healthMillis, 99)).as("health p99 in ms").isLessThan(2_000);
        long audited = jdbc.sql("select count(*) from audit_event where username = 'burst-viewer' "
                + "and action = 'apikey.create' and outcome = 'denied'").query(Long.class).single();
        assertThat(audited).as("every 403 audited").isEqualTo(statuses.get(403).get());
    }

    /** The status, or -1 when the call failed or timed out (so a stalled server still yields figures). */
    int statusOrMinusOne(String method, String path, String key, String json) {
        try {
            return send(method, path, key, json).statusCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static long pct(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
