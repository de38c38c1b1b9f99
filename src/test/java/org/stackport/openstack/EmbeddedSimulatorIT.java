package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.simulator.SimulatorLauncher;

/** The application starts its embedded OpenStack, and the Spring-wired adapter reaches it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EmbeddedSimulatorIT {

    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    IdentityApi identity;

    @Test
    void the_application_runs_the_simulator_and_the_adapter_authenticates_against_it() {
        String endpoint = launcher.simulator().identityEndpoint();
        IdentityApi.AuthInfo info = identity.check(
                new CloudCredentials(endpoint, "demo", "demo", "Default", "dev", "RegionOne", false, null));
        assertThat(info.projectName()).isEqualTo("dev");
        assertThat(info.services()).contains("compute", "network", "load-balancer");
    }

    @Test
    void curl_style_password_auth_gets_a_token_and_the_catalog() throws Exception {
        String body = """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","domain":{"name":"Default"},"password":"demo"}}},
                 "scope":{"project":{"name":"dev","domain":{"name":"Default"}}}}}""";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(launcher.simulator().identityEndpoint() + "/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("X-Subject-Token")).isPresent();
        assertThat(r.body()).contains("\"catalog\"").contains("/compute/v2.1");
    }
}
