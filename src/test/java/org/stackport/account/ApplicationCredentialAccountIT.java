package org.stackport.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A cloud account that signs in with a Keystone application credential: no user password kept in Stackport. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApplicationCredentialAccountIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;

    String body(String name, String id, String secret) {
        return """
                {"name":"%s","authType":"applicationCredential","applicationCredentialId":"%s",
                 "applicationCredentialSecret":"%s","identityEndpoint":"%s","parentRegion":"RegionOne",
                 "defaultDomain":"Default","defaultProject":"dev","scope":"tenant"}"""
                .formatted(name, id, secret, launcher.simulator().identityEndpoint());
    }

    @Test
    void an_account_with_an_application_credential_is_checked_used_and_its_secret_never_shown() throws Exception {
        // made in the cloud by user demo, as `openstack application credential create` would
        var credential = launcher.simulator().applicationCredential("demo", "dev", "stackport-it");
        String id = credential.id();
        String secret = credential.secret();
        Api api = new Api(port);

        Api.Response refused = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("appcred-bad", id, "not-the-secret"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).get("errors").get(0).get("field").asString())
                .isEqualTo("applicationCredentialSecret");
        Api.Response missing = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("appcred-none", "", ""));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("applicationCredentialId").contains("applicationCredentialSecret");

        Api.Response created = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("appcred-good", id, secret));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode view = JSON.readTree(created.body());
        assertThat(view.get("authType").asString()).isEqualTo("applicationCredential");
        assertThat(view.get("applicationCredentialId").asString()).isEqualTo(id);
        assertThat(view.get("applicationCredentialSecret").asString()).isEqualTo("********");
        assertThat(view.has("password")).isFalse();

        Api.Response validated = api.post("/api/v1/cloud-accounts/appcred-good/validate", ADMIN_KEY, "{}");
        assertThat(validated.status()).isEqualTo(200);
        assertThat(JSON.readTree(validated.body()).get("authenticated").asBoolean()).isTrue();
        Api.Response inventory = api.get("/api/v1/cloud-accounts/appcred-good/inventory", ADMIN_KEY);
        assertThat(inventory.status()).isEqualTo(200);
        assertThat(inventory.body()).contains("private");

        for (Api.Response r : new Api.Response[] {created, validated, inventory,
                api.get("/api/v1/cloud-accounts/appcred-good", ADMIN_KEY), api.get("/api/v1/cloud-accounts", ADMIN_KEY)}) {
            assertThat(r.body()).doesNotContain(secret);
        }
        String stored = jdbc.sql("select password_secret from cloud_account where name = 'appcred-good'")
                .query(String.class).single();
        assertThat(stored).doesNotContain(secret);

        Api.Response keep = api.call("PUT", "/api/v1/cloud-accounts/appcred-good", ADMIN_KEY,
                body("appcred-good", id, "").replace("\"applicationCredentialSecret\":\"\",", ""));
        assertThat(keep.status()).as("a change without the secret keeps it: " + keep.body()).isEqualTo(200);
        Api.Response otherCredential = api.call("PUT", "/api/v1/cloud-accounts/appcred-good", ADMIN_KEY,
                body("appcred-good", "another-id", "").replace("\"applicationCredentialSecret\":\"\",", ""));
        assertThat(otherCredential.status()).isEqualTo(422);
        assertThat(otherCredential.body()).contains("applicationCredentialSecret");
    }
}
