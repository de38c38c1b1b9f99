package org.stackport.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class TenancyApiIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    Api api() {
        return new Api(port);
    }

    static JsonNode json(Api.Response r) {
        return JSON.readTree(r.body());
    }

    static List<String> names(Api.Response r) {
        return StreamSupport.stream(json(r).spliterator(), false).map(n -> n.get("name").asString()).toList();
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    @Test
    void the_bootstrap_key_reaches_the_default_project() {
        Api.Response r = api().get("/api/v1/projects", ADMIN_KEY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(names(r)).contains("default");
    }

    @ParameterizedTest(name = "project name ''{0}'' is refused")
    @CsvSource(value = {"''", "'   '", "Upper", "-leading", "trailing-", "has_underscore", "has space",
            "a234567890123456789012345678901234567890123456789012345678901234"}, nullValues = "NULL")
    void bad_project_names_are_refused_with_the_field_and_nothing_is_stored(String name) {
        long before = count("project");
        Api.Response r = api().post("/api/v1/projects", ADMIN_KEY, "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(json(r).get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(count("project")).isEqualTo(before);
    }

    @Test
    void a_missing_project_name_is_refused() {
        Api.Response r = api().post("/api/v1/projects", ADMIN_KEY, "{\"description\":\"no name\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(json(r).get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void a_duplicate_project_name_is_refused_and_the_first_stays() {
        assertThat(api().post("/api/v1/projects", ADMIN_KEY, "{\"name\":\"dup-project\",\"description\":\"first\"}").status())
                .isEqualTo(201);
        long before = count("project");
        Api.Response r = api().post("/api/v1/projects", ADMIN_KEY, "{\"name\":\"dup-project\",\"description\":\"second\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(json(r).get("errors").get(0).get("message").asString()).contains("already exists");
        assertThat(count("project")).isEqualTo(before);
        assertThat(json(api().get("/api/v1/projects/dup-project", ADMIN_KEY)).get("description").asString()).isEqualTo("first");
    }

    @ParameterizedTest(name = "password ''{0}'' for {1} is too weak")
    @CsvSource({"short1!, weakling", "onlyletterslong, weakling", "12345678901234, weakling", "weakling-2024!, weakling"})
    void weak_passwords_are_refused_and_no_user_is_stored(String password, String username) {
        long before = count("app_user");
        Api.Response r = api().post("/api/v1/users", ADMIN_KEY,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(json(r).get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(count("app_user")).isEqualTo(before);
    }

    @Test
    void every_bad_field_of_a_user_is_reported_at_once() {
        Api.Response r = api().post("/api/v1/users", ADMIN_KEY, "{\"username\":\"Bad Name\",\"password\":\"x\"}");
        assertThat(r.status()).isEqualTo(422);
        List<String> fields = StreamSupport.stream(json(r).get("errors").spliterator(), false)
                .map(e -> e.get("field").asString()).toList();
        assertThat(fields).containsExactlyInAnyOrder("username", "password");
    }

    @Test
    void a_user_is_created_without_ever_returning_the_password() {
        Api.Response r = api().post("/api/v1/users", ADMIN_KEY,
                "{\"username\":\"carol\",\"password\":\"Tulip-Secret-99\",\"tenantAdmin\":false}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("Tulip-Secret-99").doesNotContain("passwordHash");
        assertThat(api().get("/api/v1/users", ADMIN_KEY).body()).contains("carol").doesNotContain("Tulip-Secret-99");
        Api.Response again = api().post("/api/v1/users", ADMIN_KEY,
                "{\"username\":\"carol\",\"password\":\"Tulip-Secret-99\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(json(again).get("errors").get(0).get("field").asString()).isEqualTo("username");
    }

    @Test
    void an_unknown_role_is_a_field_error() {
        api().post("/api/v1/users", ADMIN_KEY, "{\"username\":\"role-test\",\"password\":\"Tulip-Secret-123\"}");
        Api.Response r = api().call("PUT", "/api/v1/projects/default/members/role-test", ADMIN_KEY, "{\"role\":\"OWNER\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(json(r).get("errors").get(0).get("field").asString()).isEqualTo("role");
        assertThat(api().get("/api/v1/projects/default/members", ADMIN_KEY).body()).doesNotContain("role-test");
    }

    @Test
    void malformed_json_is_a_400_problem() {
        Api.Response r = api().post("/api/v1/projects", ADMIN_KEY, "{\"name\": ");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void an_api_key_is_shown_once_works_records_its_use_and_stops_at_once_when_revoked() {
        api().post("/api/v1/users", ADMIN_KEY, "{\"username\":\"dave\",\"password\":\"Tulip-Secret-123\"}");
        api().call("PUT", "/api/v1/projects/default/members/dave", ADMIN_KEY, "{\"role\":\"PROJECT_ADMIN\"}");
        Api.Response created = api().post("/api/v1/users/dave/api-keys", ADMIN_KEY, "{\"name\":\"laptop\"}");
        assertThat(created.status()).isEqualTo(201);
        String key = json(created).get("key").asString();
        long id = json(created).get("id").asLong();

        Api.Response projects = api().get("/api/v1/projects", key);
        assertThat(projects.status()).isEqualTo(200);
        assertThat(names(projects)).containsExactly("default");

        Api.Response listed = api().get("/api/v1/users/dave/api-keys", key);
        assertThat(listed.body()).doesNotContain(key);
        assertThat(json(listed).get(0).get("lastUsedAt").isNull()).isFalse();
        assertThat(jdbc.sql("select count(*) from api_key where key_hash like :k").param("k", "%" + key + "%")
                .query(Long.class).single()).isZero();

        assertThat(api().call("DELETE", "/api/v1/users/dave/api-keys/" + id, ADMIN_KEY, null).status()).isEqualTo(204);
        assertThat(api().get("/api/v1/projects", key).status()).isEqualTo(401);
    }

    @Test
    void an_expired_api_key_is_refused() {
        api().post("/api/v1/users", ADMIN_KEY, "{\"username\":\"erin\",\"password\":\"Tulip-Secret-123\"}");
        Api.Response past = api().post("/api/v1/users/erin/api-keys", ADMIN_KEY,
                "{\"name\":\"old\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(422);
        assertThat(json(past).get("errors").get(0).get("field").asString()).isEqualTo("expiresAt");

        Api.Response created = api().post("/api/v1/users/erin/api-keys", ADMIN_KEY,
                "{\"name\":\"soon\",\"expiresAt\":\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}");
        String key = json(created).get("key").asString();
        assertThat(api().get("/api/v1/projects", key).status()).isEqualTo(200);
        jdbc.sql("update api_key set expires_at = :past where name = 'soon'").param("past", java.sql.Timestamp.from(Instant.now().minusSeconds(1))).update();
        assertThat(api().get("/api/v1/projects", key).status()).isEqualTo(401);
    }

    @Test
    void changes_and_refusals_are_in_the_audit_trail_newest_first() {
        api().post("/api/v1/projects", ADMIN_KEY, "{\"name\":\"audited\"}");
        api().post("/api/v1/projects", ADMIN_KEY, "{\"name\":\"Not Valid\"}");
        Api.Response r = api().get("/api/v1/audit?limit=2", ADMIN_KEY);
        assertThat(r.status()).isEqualTo(200);
        JsonNode newest = json(r).get(0);
        JsonNode before = json(r).get(1);
        assertThat(newest.get("action").asString()).isEqualTo("project.create");
        assertThat(newest.get("target").asString()).isEqualTo("project/Not Valid");
        assertThat(newest.get("outcome").asString()).isEqualTo("rejected");
        assertThat(newest.get("user").asString()).isEqualTo("admin");
        assertThat(before.get("target").asString()).isEqualTo("project/audited");
        assertThat(before.get("outcome").asString()).isEqualTo("success");
        assertThat(api().get("/api/v1/audit?limit=0", ADMIN_KEY).status()).isEqualTo(422);
    }

    @Test
    void users_change_their_own_password_but_not_someone_elses(CapturedOutput output) {
        api().post("/api/v1/users", ADMIN_KEY, "{\"username\":\"frank\",\"password\":\"Tulip-Secret-123\"}");
        api().post("/api/v1/users", ADMIN_KEY, "{\"username\":\"grace\",\"password\":\"Tulip-Secret-123\"}");
        String frankKey = json(api().post("/api/v1/users/frank/api-keys", ADMIN_KEY, "{\"name\":\"k\"}")).get("key").asString();

        Api.Response weak = api().call("PUT", "/api/v1/users/frank/password", frankKey,
                "{\"currentPassword\":\"Tulip-Secret-123\",\"password\":\"short\"}");
        assertThat(weak.status()).isEqualTo(422);
        assertThat(json(weak).get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(api().call("PUT", "/api/v1/users/frank/password", frankKey,
                "{\"currentPassword\":\"Tulip-Secret-123\",\"password\":\"Marigold-Secret-77\"}")
                .status()).isEqualTo(204);
        assertThat(api().call("PUT", "/api/v1/users/grace/password", frankKey, "{\"password\":\"Marigold-Secret-77\"}")
                .status()).isEqualTo(403);
        assertThat(api().call("PUT", "/api/v1/users/grace/password", ADMIN_KEY, "{\"password\":\"Marigold-Secret-78\"}")
                .status()).isEqualTo(204);

        String audit = api().get("/api/v1/audit?limit=1000", ADMIN_KEY).body();
        for (String secret : List.of("Tulip-Secret-123", "Marigold-Secret-77", "Marigold-Secret-78", frankKey)) {
            assertThat(output.getAll()).as("logs").doesNotContain(secret);
            assertThat(audit).as("audit").doesNotContain(secret);
        }
        assertThat(jdbc.sql("select count(*) from app_user where password_hash like '%Marigold%'").query(Long.class).single())
                .isZero();
    }

    @Test
    void the_openapi_document_describes_the_api() {
        Api.Response r = api().get("/v3/api-docs", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("/api/v1/projects").contains("/api/v1/users/{username}/api-keys");
    }
}
