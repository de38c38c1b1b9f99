package org.stackport.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.shared.ValidationException;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimulatorSettings;
import org.stackport.simulator.internal.SimTls;
import org.stackport.support.Api;
import org.stackport.support.RunAs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cloud accounts against a Keystone served over HTTPS (a simulator of its own with a CA made at start): the
 * account's CA certificate decides whether the cloud's certificate is trusted, and a refusal names that field.
 * Same context as {@link CloudAccountApiIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TlsCloudAccountIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static OpenStackSimulator https;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CloudAccountService accounts;

    Api api;

    @BeforeAll
    static void startHttpsCloud() {
        https = OpenStackSimulator.startHttps(0, SimulatorSettings.fast(), Clock.systemUTC());
    }

    @AfterAll
    static void stopHttpsCloud() {
        https.close();
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static String body(String name, String caCertificate, boolean insecure) {
        ObjectNode b = JSON.createObjectNode();
        b.put("name", name).put("username", "demo").put("password", "demo")
                .put("identityEndpoint", https.identityEndpoint()).put("parentRegion", "RegionOne")
                .put("defaultDomain", "Default").put("defaultProject", "dev").put("scope", "tenant")
                .put("insecure", insecure);
        if (caCertificate != null) {
            b.put("caCertificate", caCertificate);
        }
        return JSON.writeValueAsString(b);
    }

    static JsonNode json(Api.Response r) {
        return JSON.readTree(r.body());
    }

    long rows() {
        return jdbc.sql("select count(*) from cloud_account").query(Long.class).single();
    }

    void assertRefusedOnTheCaCertificate(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonNode errors = json(r).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("caCertificate");
        assertThat(errors.get(0).get("message").asString())
                .isEqualTo("the cloud's certificate could not be verified: TLS: unable to find valid certification path to requested target");
    }

    @Test
    void with_the_clouds_ca_the_account_is_created_validated_and_its_inventory_read() {
        assertThat(https.identityEndpoint()).startsWith("https://127.0.0.1:");
        Api.Response r = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("tls-trusted", https.caCertificatePem(), false));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("identityEndpoint").asString()).isEqualTo(https.identityEndpoint());

        Api.Response report = api.post("/api/v1/cloud-accounts/tls-trusted/validate", ADMIN_KEY, null);
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(json(report).get("authenticated").asBoolean()).as(report.body()).isTrue();
        json(report).get("checks").forEach(c -> assertThat(c.get("allowed").asBoolean()).as(c.toString()).isTrue());

        Api.Response inventory = api.get("/api/v1/cloud-accounts/tls-trusted/inventory", ADMIN_KEY);
        assertThat(inventory.status()).as(inventory.body()).isEqualTo(200);
        assertThat(json(inventory).get("networks").toString()).contains("private").contains("public");
        assertThat(json(inventory).get("flavors").toString()).contains("m1.small");
        assertThat(https.journal()).as("every cloud call went to the https simulator").isNotEmpty();
    }

    @Test
    void without_a_ca_the_clouds_certificate_is_not_trusted_and_nothing_is_stored() {
        long before = rows();
        assertRefusedOnTheCaCertificate(api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("tls-no-ca", null, false)));
        assertThat(rows()).isEqualTo(before);
        assertThat(api.get("/api/v1/cloud-accounts/tls-no-ca", ADMIN_KEY).status()).isEqualTo(404);
    }

    @Test
    void with_an_unrelated_ca_the_clouds_certificate_is_not_trusted_and_nothing_is_stored() {
        long before = rows();
        String unrelated = SimTls.generate().caCertificatePem();
        assertRefusedOnTheCaCertificate(api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("tls-other-ca", unrelated, false)));
        assertThat(rows()).isEqualTo(before);

        // the same refusal straight from the service, as the console's form gets it
        ValidationException e = RunAs.admin(() -> {
            try {
                accounts.create(JSON.readValue(body("tls-other-ca-2", unrelated, false), CloudAccountCommand.class));
                return null;
            } catch (ValidationException refused) {
                return refused;
            }
        });
        assertThat(e).isNotNull();
        assertThat(e.errors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("caCertificate");
            assertThat(f.message()).startsWith("the cloud's certificate could not be verified");
        });
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void insecure_skips_verification_without_a_ca() {
        Api.Response r = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("tls-insecure", null, true));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("insecure").asBoolean()).isTrue();
        Api.Response report = api.post("/api/v1/cloud-accounts/tls-insecure/validate", ADMIN_KEY, null);
        assertThat(json(report).get("authenticated").asBoolean()).as(report.body()).isTrue();
    }
}
