package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stackport.simulator.ManualClock;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimulatorSettings;

/** Application credentials through our adapter (openstack4j 3.12 cannot ask for them) against the simulator. */
class ApplicationCredentialContractTest {

    static final ManualClock clock = new ManualClock(Instant.now());
    static OpenStackSimulator sim;
    static CloudSessions sessions;
    static String id;
    static String secret;

    @BeforeAll
    static void start() {
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        sessions = new CloudSessions(OpenStackProperties.defaults(), clock);
        OpenStackSimulator.ApplicationCredential made = sim.applicationCredential("demo", "dev", "stackport");
        id = made.id();
        secret = made.secret();
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
