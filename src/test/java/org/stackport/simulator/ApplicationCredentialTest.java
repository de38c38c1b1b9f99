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
import tools.jackson.databind.json.JsonMapper;

/** Keystone application credentials: made by a user for the project of their token, then used without a password. */
class ApplicationCredentialTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    ManualClock clock;
    OpenStackSimulator sim;
    final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, String subjectToken) {
    }

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    Answer call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()),
                r.headers().firstValue("X-Subject-Token").orElse(null));
    }

    Answer password(String user, String password) throws Exception {
        return call("POST", "/identity/v3/auth/tokens", null, """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},
                "password":"%s"}}},"scope":{"project":{"name":"dev","domain":{"name":"Default"}}}}}""".formatted(user, password));
    }

    Answer withCredential(String id, String secret, String scope) throws Exception {
        return call("POST", "/identity/v3/auth/tokens", null, """
                {"auth":{"identity":{"methods":["application_credential"],"application_credential":{"id":"%s",
                "secret":"%s"}}%s}}""".formatted(id, secret, scope == null ? "" : ",\"scope\":" + scope));
    }

    @Test
    void a_user_makes_an_application_credential_and_it_gives_tokens_for_that_project_without_a_password()
            throws Exception {
        Answer demo = password("demo", "demo");
        String userId = demo.body().get("token").get("user").get("id").asString();
        Answer made = call("POST", "/identity/v3/users/" + userId + "/application_credentials", demo.subjectToken(),
                "{\"application_credential\":{\"name\":\"stackport\",\"description\":\"console\"}}");
        assertThat(made.status()).isEqualTo(201);
        String id = made.body().get("application_credential").get("id").asString();
        String secret = made.body().get("application_credential").get("secret").asString();
        assertThat(secret).hasSizeGreaterThan(20);

        Answer token = withCredential(id, secret, null);
        assertThat(token.status()).isEqualTo(201);
        JsonNode t = token.body().get("token");
        assertThat(t.get("methods").get(0).asString()).isEqualTo("application_credential");
        assertThat(t.get("project").get("name").asString()).isEqualTo("dev");
        assertThat(t.get("catalog").size()).isPositive();
        assertThat(call("GET", "/compute/v2.1/servers", token.subjectToken(), null).status()).isEqualTo(200);

        Answer listed = call("GET", "/identity/v3/users/" + userId + "/application_credentials", demo.subjectToken(), null);
        assertThat(listed.body().get("application_credentials").get(0).has("secret")).as("never listed").isFalse();

        assertThat(withCredential(id, "wrong", null).status()).isEqualTo(401);
        assertThat(withCredential(id, secret, "{\"project\":{\"name\":\"admin\",\"domain\":{\"name\":\"Default\"}}}")
                .status()).as("cannot be re-scoped").isEqualTo(401);
        assertThat(call("POST", "/identity/v3/users/" + userId + "/application_credentials", token.subjectToken(),
                "{\"application_credential\":{\"name\":\"more\"}}").status())
                .as("an application credential cannot make more").isEqualTo(403);

        assertThat(call("DELETE", "/identity/v3/users/" + userId + "/application_credentials/" + id,
                demo.subjectToken(), null).status()).isEqualTo(204);
        assertThat(call("GET", "/compute/v2.1/servers", token.subjectToken(), null).status())
                .as("its tokens end with it").isEqualTo(401);
        assertThat(withCredential(id, secret, null).status()).isEqualTo(401);
    }

    @Test
    void an_application_credential_expires_and_is_the_users_own() throws Exception {
        sim.addUser("other", "other-password", "member", "dev");
        Answer demo = password("demo", "demo");
        String userId = demo.body().get("token").get("user").get("id").asString();
        Answer made = call("POST", "/identity/v3/users/" + userId + "/application_credentials", demo.subjectToken(),
                "{\"application_credential\":{\"name\":\"short\",\"expires_at\":\"2026-03-01T11:00:00\"}}");
        assertThat(made.status()).isEqualTo(201);
        String id = made.body().get("application_credential").get("id").asString();
        String secret = made.body().get("application_credential").get("secret").asString();

        Answer other = password("other", "other-password");
        assertThat(call("GET", "/identity/v3/users/" + userId + "/application_credentials/" + id, other.subjectToken(),
                null).status()).isEqualTo(403);
        assertThat(call("POST", "/identity/v3/users/" + userId + "/application_credentials", demo.subjectToken(),
                "{\"application_credential\":{\"name\":\"short\"}}").status()).as("names are unique per user")
                .isEqualTo(409);

        Answer early = withCredential(id, secret, null);
        assertThat(early.status()).isEqualTo(201);
        assertThat(early.body().get("token").get("expires_at").asString()).startsWith("2026-03-01T11:00:00");
        clock.advance(Duration.ofMinutes(61));
        assertThat(withCredential(id, secret, null).status()).isEqualTo(401);
    }
}
