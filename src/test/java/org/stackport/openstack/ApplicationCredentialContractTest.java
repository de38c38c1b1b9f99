package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stackport.simulator.ManualClock;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimulatorSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Application credentials through our adapter (openstack4j 3.12 cannot ask for them) against the simulator. */
class ApplicationCredentialContractTest {

    static final ManualClock clock = new ManualClock(Instant.now());
    static OpenStackSimulator sim;
    static CloudSessions sessions;
    static String id;
    static String secret;

    @BeforeAll
    static void start() throws Exception {
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        sessions = new CloudSessions(OpenStackProperties.defaults(), clock);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> auth = http.send(HttpRequest.newBuilder(URI.create(sim.identityEndpoint() + "/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo",
                        "domain":{"name":"Default"},"password":"demo"}}},"scope":{"project":{"name":"dev",
                        "domain":{"name":"Default"}}}}}""")).build(), HttpResponse.BodyHandlers.ofString());
        String token = auth.headers().firstValue("X-Subject-Token").orElseThrow();
        String userId = JsonMapper.builder().build().readTree(auth.body()).get("token").get("user").get("id").asString();
        HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(sim.identityEndpoint() + "/users/" + userId
                        + "/application_credentials")).header("Content-Type", "application/json").header("X-Auth-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"application_credential\":{\"name\":\"stackport\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode c = JsonMapper.builder().build().readTree(made.body()).get("application_credential");
        id = c.get("id").asString();
        secret = c.get("secret").asString();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static CloudCredentials credential(String secret) {
        return new CloudCredentials(sim.identityEndpoint(), null, null, "Default", "dev", "RegionOne", false, null, id,
                secret);
    }

    @Test
    void an_application_credential_gives_a_session_that_openstack4j_uses_for_every_service() {
        CloudSession session = sessions.open(credential(secret));
        assertThat(session.projectName()).isEqualTo("dev");
        assertThat(session.expiresAt()).isAfter(clock.instant());
        assertThat(new ComputeApi(sessions).flavors(credential(secret))).isNotEmpty();
        assertThat(new NetworkApi(sessions).networks(credential(secret))).isNotEmpty();
        assertThat(credential(secret).toString()).doesNotContain(secret);
    }

    @Test
    void a_wrong_secret_is_an_auth_failure_with_keystones_message() {
        assertThatThrownBy(() -> sessions.authenticate(credential("not-the-secret")))
                .isInstanceOfSatisfying(CloudFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(CloudFailure.Kind.AUTH);
                    assertThat(f.status()).isEqualTo(401);
                    assertThat(f.getMessage()).doesNotContain("not-the-secret");
                });
    }

    @Test
    void the_session_is_renewed_before_its_token_expires() {
        CloudSession first = sessions.open(credential(secret));
        clock.advance(Duration.between(clock.instant(), first.expiresAt()).minusSeconds(30));
        CloudSession second = sessions.open(credential(secret));
        assertThat(second.expiresAt()).isAfter(first.expiresAt());
    }
}
