package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator over HTTPS, seen by a plain JDK client: trusted through the CA it made, refused without it. */
class SimulatorHttpsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String AUTH = """
            {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","domain":{"name":"Default"},"password":"demo"}}},
             "scope":{"project":{"name":"dev","domain":{"name":"Default"}}}}}""";

    OpenStackSimulator sim;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.startHttps(0, SimulatorSettings.fast(), new ManualClock(Instant.parse("2026-11-24T12:00:00Z")));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static SSLContext trusting(String pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", certificate(pem));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    static X509Certificate certificate(String pem) throws Exception {
        Certificate c = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        return (X509Certificate) c;
    }

    HttpResponse<String> authenticate(HttpClient client, String base) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/identity/v3/auth/tokens"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AUTH)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_client_trusting_the_simulators_ca_gets_a_token_and_a_catalog_of_https_urls() throws Exception {
        assertThat(sim.baseUrl()).isEqualTo("https://127.0.0.1:" + sim.port());
        assertThat(sim.identityEndpoint()).isEqualTo(sim.baseUrl() + "/identity/v3");
        X509Certificate ca = certificate(sim.caCertificatePem());
        assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);

        try (HttpClient client = HttpClient.newBuilder().sslContext(trusting(sim.caCertificatePem()))
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            for (String base : List.of(sim.baseUrl(), "https://localhost:" + sim.port())) {
                HttpResponse<String> r = authenticate(client, base);
                assertThat(r.statusCode()).as(base).isEqualTo(201);
                assertThat(r.headers().firstValue("X-Subject-Token")).isPresent();
                List<String> urls = new ArrayList<>();
                for (JsonNode service : JSON.readTree(r.body()).path("token").path("catalog")) {
                    service.path("endpoints").forEach(e -> { if (e.path("interface").asString().equals("public")) { urls.add(e.path("url").asString()); } });
                }
                assertThat(urls).as("the public interface").isNotEmpty().allMatch(u -> u.startsWith(sim.baseUrl() + "/"));
            }
        }
    }

    @Test
    void a_client_that_does_not_trust_the_ca_is_refused_in_the_handshake() throws Exception {
        try (HttpClient jvmDefaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            assertThatThrownBy(() -> authenticate(jvmDefaults, sim.baseUrl())).isInstanceOf(SSLHandshakeException.class);
        }
        try (OpenStackSimulator other = OpenStackSimulator.startHttps(0, SimulatorSettings.fast(), new ManualClock(Instant.now()));
             HttpClient otherCa = HttpClient.newBuilder().sslContext(trusting(other.caCertificatePem()))
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            assertThat(other.caCertificatePem()).isNotEqualTo(sim.caCertificatePem());
            assertThatThrownBy(() -> authenticate(otherCa, sim.baseUrl())).isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(sim.journal()).as("nothing reached the simulator").isEmpty();
    }

    @Test
    void plain_http_stays_the_default_and_has_no_ca() {
        try (OpenStackSimulator plain = OpenStackSimulator.start(0, SimulatorSettings.fast(), new ManualClock(Instant.now()))) {
            assertThat(plain.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(plain.caCertificatePem()).isNull();
        }
        assertThat(new SimulatorProperties(null, null, null, null, null, null, null, null, null, null, null, null, null).tls()).isFalse();
    }

    @Test
    void the_launcher_serves_https_when_stackport_simulator_tls_is_true() {
        SimulatorLauncher launcher = new SimulatorLauncher(new SimulatorProperties(true, 0, null, null, null, null, null, null, null, true, null, null, null));
        launcher.start();
        try {
            assertThat(launcher.simulator().identityEndpoint()).startsWith("https://127.0.0.1:");
            assertThat(launcher.simulator().caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        } finally {
            launcher.stop();
        }
    }
}
