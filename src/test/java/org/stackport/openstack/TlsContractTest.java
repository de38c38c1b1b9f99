package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openstack4j.core.transport.internal.HttpExecutor;
import org.stackport.simulator.ManualClock;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimJournalEntry;
import org.stackport.simulator.SimulatorSettings;
import org.stackport.simulator.internal.SimTls;

/** openstack4j, through our adapter, against a simulator serving HTTPS: the account's CA decides the trust. */
class TlsContractTest {

    static final ManualClock clock = new ManualClock(Instant.now());
    static OpenStackSimulator sim;
    static CloudSessions sessions;

    @BeforeAll
    static void start() {
        sim = OpenStackSimulator.startHttps(0, SimulatorSettings.fast(), clock);
        sessions = new CloudSessions(OpenStackProperties.defaults(), clock);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static CloudCredentials demo(boolean insecure, String ca) {
        return new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "dev", "RegionOne", insecure, ca);
    }

    static CloudFailure failure(CloudCredentials c) {
        try {
            sessions.authenticate(c);
        } catch (CloudFailure f) {
            return f;
        }
        throw new AssertionError("authenticated although the certificate should not be trusted");
    }

    @Test
    void openstack4j_uses_our_connector_which_hands_other_requests_to_its_own() {
        assertThat(HttpExecutor.create().getExecutorName()).isEqualTo(new CaTrustingConnector().getExecutorDisplayName());
    }

    @Test
    void with_the_clouds_ca_every_service_is_reached_over_https() {
        CloudCredentials trusted = demo(false, sim.caCertificatePem());
        assertThat(new IdentityApi(sessions).check(trusted).projectName()).isEqualTo("dev");
        assertThat(new ComputeApi(sessions).findFlavorByName(trusted, "m1.small")).isPresent();
        assertThat(new NetworkApi(sessions).findNetwork(trusted, "private")).isPresent();
        assertThat(new LoadBalancerApi(sessions).quota(trusted).loadBalancersLimit()).isEqualTo(-1);
        assertThat(sim.journal()).extracting(SimJournalEntry::route)
                .anyMatch(r -> r.startsWith("GET /compute/")).anyMatch(r -> r.startsWith("GET /network/"));
    }

    @Test
    void without_a_ca_or_with_another_one_the_certificate_is_untrusted_which_no_retry_fixes() {
        for (String ca : new String[] {null, SimTls.generate().caCertificatePem()}) {
            CloudFailure f = failure(demo(false, ca));
            assertThat(f.kind()).isEqualTo(CloudFailure.Kind.INVALID);
            assertThat(f.kind().retryable()).isFalse();
            assertThat(f.status()).isZero();
            assertThat(f.cloudMessage()).isEqualTo("TLS: unable to find valid certification path to requested target");
            assertThat(f.getMessage()).isEqualTo("OpenStack cannot authenticate with Keystone at " + sim.identityEndpoint()
                    + ": the cloud's TLS certificate is not trusted (unable to find valid certification path to requested target)");
        }
    }

    @Test
    void insecure_skips_verification() {
        assertThat(new IdentityApi(sessions).check(demo(true, null)).projectName()).isEqualTo("dev");
    }

    @Test
    void https_to_a_plain_http_port_is_a_connection_problem_not_a_certificate_one() {
        try (OpenStackSimulator plain = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock)) {
            CloudCredentials c = new CloudCredentials(plain.identityEndpoint().replace("http://", "https://"), "demo", "demo",
                    "Default", "dev", "RegionOne", false, sim.caCertificatePem());
            assertThatThrownBy(() -> sessions.authenticate(c)).isInstanceOfSatisfying(CloudFailure.class, f -> {
                assertThat(f.kind()).isEqualTo(CloudFailure.Kind.UNAVAILABLE);
                assertThat(f.cloudMessage()).doesNotStartWith("TLS");
            });
        }
    }
}
