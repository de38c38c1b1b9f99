package org.stackport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;
import org.stackport.support.Fixtures;
import org.stackport.support.RunAs;
import org.stackport.tenancy.ApiKeyService;
import org.stackport.tenancy.ProjectRole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Gateways over REST against the embedded simulator, and the embedded default gateway. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class GatewayApiIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    GatewayHealth health;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ApiKeyService keys;

    Api api;
    OpenStackSimulator sim;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        sim = launcher.simulator();
        sim.clearFaults();
    }

    String body(String name, String password, String placement) {
        return """
                {"name":"%s","cloudType":"openstack","mode":"direct","size":1,"shareAcrossProjects":true,
                 "openstack":{"identityEndpoint":"%s","username":"demo","password":"%s","domain":"Default","region":"RegionOne",
                   "project":"dev","placement":%s,"sshPublicKey":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample me@host",
                   "availabilityZone":"nova","patchOsOnBoot":true,"rebootAfterPatch":true},
                 "proxy":{"https":"","http":"","noProxy":[]},"podCidr":"192.168.0.0/16","serviceCidr":"10.96.0.0/12"}"""
                .formatted(name, sim.identityEndpoint(), password, placement);
    }

    static final String STATIC = "{\"type\":\"static\",\"network\":\"private\",\"subnet\":\"private-subnet\"}";

    static JsonNode json(Api.Response r) {
        return JSON.readTree(r.body());
    }

    long gatewayId(String name) {
        return jdbc.sql("select id from gateway where name = :n").param("n", name).query(Long.class).single();
    }

    @Test
    void the_embedded_simulator_is_a_running_gateway_with_its_cloud_account() {
        JsonNode g = json(api.get("/api/v1/gateways/local-gateway", ADMIN_KEY));
        assertThat(g.get("status").asString()).isEqualTo("Running");
        assertThat(g.get("cloudAccount").asString()).isEqualTo("local-openstack");
        assertThat(api.get("/api/v1/cloud-accounts/local-openstack", ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    void a_registered_gateway_installs_runs_after_its_first_health_check_and_brings_its_account() {
        Api.Response r = api.post("/api/v1/gateways", ADMIN_KEY, body("gw-one", "demo", STATIC));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("status").asString()).isEqualTo("Installing");
        assertThat(api.get("/api/v1/cloud-accounts/gw-one", ADMIN_KEY).status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("\"demo\"");

        health.check(gatewayId("gw-one"));
        JsonNode g = json(api.get("/api/v1/gateways/gw-one", ADMIN_KEY));
        assertThat(g.get("status").asString()).isEqualTo("Running");
        assertThat(g.get("lastHeartbeat").isNull()).isFalse();
    }

    @Test
    void keystones_refusal_stops_registration_and_stores_nothing() {
        Api.Response r = api.post("/api/v1/gateways", ADMIN_KEY, body("gw-refused", "wrong", STATIC));
        assertThat(r.status()).isEqualTo(422);
        assertThat(json(r).get("errors").get(0).get("field").asString()).isEqualTo("openstack.password");
        assertThat(jdbc.sql("select count(*) from gateway where name = 'gw-refused'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from cloud_account where name = 'gw-refused'").query(Long.class).single()).isZero();
    }

    @Test
    void every_bad_setting_is_named() {
        String bad = body("gw-bad", "demo", "{\"type\":\"dynamic\",\"dnsServers\":[\"8.8.8.8\",\"not-an-ip\"],\"nodeCidr\":\"10.1.0.0/33\"}")
                .replace("\"size\":1", "\"size\":2").replace("\"10.96.0.0/12\"", "\"192.168.10.0/24\"")
                .replace("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample me@host", "not a key");
        Api.Response r = api.post("/api/v1/gateways", ADMIN_KEY, bad);
        assertThat(r.status()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        json(r).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("size", "serviceCidr", "openstack.placement.nodeCidr",
                "openstack.placement.dnsServers[1]", "openstack.sshPublicKey");
        Api.Response noNetwork = api.post("/api/v1/gateways", ADMIN_KEY, body("gw-bad2", "demo", "{\"type\":\"static\"}"));
        List<String> staticFields = new ArrayList<>();
        json(noNetwork).get("errors").forEach(e -> staticFields.add(e.get("field").asString()));
        assertThat(staticFields).containsExactlyInAnyOrder("openstack.placement.network", "openstack.placement.subnet");
    }

    @Test
    void three_missed_heartbeats_make_a_gateway_unhealthy_with_the_reason_and_it_recovers() {
        api.post("/api/v1/gateways", ADMIN_KEY, body("gw-flaky", "demo", STATIC));
        long id = gatewayId("gw-flaky");
        health.check(id);
        sim.failNext("POST", "/identity/v3/auth/tokens", 3, 503);
        health.check(id);
        health.check(id);
        assertThat(json(api.get("/api/v1/gateways/gw-flaky", ADMIN_KEY)).get("status").asString()).isEqualTo("Running");
        health.check(id);
        JsonNode g = json(api.get("/api/v1/gateways/gw-flaky", ADMIN_KEY));
        assertThat(g.get("status").asString()).isEqualTo("Unhealthy");
        assertThat(g.get("statusDetail").asString()).contains("503");
        health.check(id);
        assertThat(json(api.get("/api/v1/gateways/gw-flaky", ADMIN_KEY)).get("status").asString()).isEqualTo("Running");
    }

    @Test
    void a_gateway_grows_from_one_to_three_nodes_once_and_is_deleted_with_its_account() {
        api.post("/api/v1/gateways", ADMIN_KEY, body("gw-grow", "demo", STATIC));
        assertThat(api.post("/api/v1/gateways/gw-grow/resize", ADMIN_KEY, "{\"size\":2}").status()).isEqualTo(422);
        Api.Response grown = api.post("/api/v1/gateways/gw-grow/resize", ADMIN_KEY, "{\"size\":3}");
        assertThat(grown.status()).isEqualTo(202);
        assertThat(json(grown).get("size").asInt()).isEqualTo(3);
        assertThat(api.post("/api/v1/gateways/gw-grow/resize", ADMIN_KEY, "{\"size\":3}").status()).isEqualTo(409);
        assertThat(api.call("DELETE", "/api/v1/gateways/gw-grow", ADMIN_KEY, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/gateways/gw-grow", ADMIN_KEY).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/cloud-accounts/gw-grow", ADMIN_KEY).status()).isEqualTo(404);
    }

    @Test
    void only_tenant_admins_reach_gateways() {
        fixtures.user("gw-user", false);
        String key = RunAs.admin(() -> keys.create("gw-user", "k", null).key());
        assertThat(api.get("/api/v1/gateways", key).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/gateways", key, body("gw-nope", "demo", STATIC)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/gateways", null).status()).isEqualTo(401);
    }

    @Test
    void a_tenant_only_gateway_account_is_hidden_from_project_admins() {
        String body = body("gw-private", "demo", STATIC).replace("\"shareAcrossProjects\":true", "\"shareAcrossProjects\":false");
        assertThat(api.post("/api/v1/gateways", ADMIN_KEY, body).status()).isEqualTo(201);
        assertThat(json(api.get("/api/v1/cloud-accounts/gw-private", ADMIN_KEY)).get("shared").asBoolean()).isFalse();
        assertThat(json(api.get("/api/v1/gateways/gw-private", ADMIN_KEY)).get("shareAcrossProjects").asBoolean()).isFalse();

        fixtures.user("gw-padmin", false);
        fixtures.member("default", "gw-padmin", ProjectRole.PROJECT_ADMIN);
        String key = RunAs.admin(() -> keys.create("gw-padmin", "k", null).key());
        assertThat(api.get("/api/v1/cloud-accounts/gw-private", key).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/cloud-accounts", key).body()).doesNotContain("gw-private").contains("local-openstack");
    }

    @Test
    void placement_is_checked_against_the_cloud_and_nothing_is_stored_when_it_is_wrong() {
        Api.Response r = api.post("/api/v1/gateways", ADMIN_KEY, body("gw-where", "demo",
                "{\"type\":\"static\",\"network\":\"no-such-net\",\"subnet\":\"x\"}").replace("\"nova\"", "\"mars\""));
        assertThat(r.status()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        json(r).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("openstack.placement.network", "openstack.availabilityZone");
        assertThat(r.body()).contains("no network 'no-such-net'").contains("private");
        Api.Response wrongSubnet = api.post("/api/v1/gateways", ADMIN_KEY, body("gw-where", "demo",
                "{\"type\":\"static\",\"network\":\"private\",\"subnet\":\"other\"}"));
        assertThat(json(wrongSubnet).get("errors").get(0).get("field").asString()).isEqualTo("openstack.placement.subnet");
        assertThat(jdbc.sql("select count(*) from gateway where name = 'gw-where'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from cloud_account where name = 'gw-where'").query(Long.class).single()).isZero();
    }

    @Test
    void the_credentials_step_is_checked_without_storing_and_answers_the_clouds_placement_choices() {
        String os = """
                {"identityEndpoint":"%s","username":"demo","password":"%s","domain":"Default","region":"RegionOne","project":"dev"}""";
        Api.Response ok = api.post("/api/v1/gateways/probe", ADMIN_KEY, os.formatted(sim.identityEndpoint(), "demo"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"private-subnet\"").contains("\"nova\"").doesNotContain("\"demo\"");
        Api.Response refused = api.post("/api/v1/gateways/probe", ADMIN_KEY, os.formatted(sim.identityEndpoint(), "wrong"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(json(refused).get("errors").get(0).get("field").asString()).isEqualTo("openstack.password");
        Api.Response unreachable = api.post("/api/v1/gateways/probe", ADMIN_KEY, os.formatted("http://127.0.0.1:9/v3", "demo"));
        assertThat(unreachable.status()).isEqualTo(422);
        assertThat(json(unreachable).get("errors").get(0).get("field").asString()).isEqualTo("openstack.identityEndpoint");
        assertThat(jdbc.sql("select count(*) from cloud_account where name = 'probe'").query(Long.class).single()).isZero();
    }

    @Test
    void the_events_tell_the_gateways_story_and_a_proxy_password_is_never_shown_or_stored_in_clear() {
        String body = body("gw-story", "demo", STATIC).replace("\"proxy\":{\"https\":\"\",\"http\":\"\",\"noProxy\":[]}",
                "\"proxy\":{\"https\":\"https://puser:Proxy-Secret-9@proxy.example:3128\",\"http\":\"http://proxy.example:3128\","
                        + "\"noProxy\":[\"10.0.0.0/8\",\".internal\"],\"caCertificatePath\":\"/etc/ssl/proxy.crt\"}");
        Api.Response r = api.post("/api/v1/gateways", ADMIN_KEY, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = gatewayId("gw-story");
        health.check(id);
        sim.failNext("POST", "/identity/v3/auth/tokens", 3, 503);
        health.check(id);
        health.check(id);
        health.check(id);
        health.check(id);
        Api.Response events = api.get("/api/v1/gateways/gw-story/events", ADMIN_KEY);
        List<String> messages = new ArrayList<>();
        json(events).forEach(e -> messages.add(e.get("severity").asString() + ": " + e.get("message").asString()));
        assertThat(messages).hasSize(6);
        assertThat(messages.get(0)).startsWith("info: Recovered");
        assertThat(messages.get(1)).startsWith("error: Unhealthy after 3 missed health checks").contains("503");
        assertThat(messages.get(2)).startsWith("warning: Health check missed (2 of 3)");
        assertThat(messages.get(4)).startsWith("info: First health check succeeded");
        assertThat(messages.get(5)).startsWith("info: Registered by admin");

        String settings = jdbc.sql("select settings from gateway where id = :id").param("id", id).query(String.class).single();
        assertThat(settings).doesNotContain("Proxy-Secret-9").contains("puser:********@proxy.example");
        assertThat(r.body() + events.body() + api.get("/api/v1/gateways/gw-story", ADMIN_KEY).body()).doesNotContain("Proxy-Secret-9");
    }

    @Test
    void an_account_must_refer_to_a_gateway_that_exists() {
        String account = """
                {"name":"%s","gateway":"%s","username":"demo","password":"demo","identityEndpoint":"%s",
                 "parentRegion":"RegionOne","defaultDomain":"Default","defaultProject":"dev","scope":"tenant"}""";
        Api.Response r = api.post("/api/v1/cloud-accounts", ADMIN_KEY, account.formatted("acct-ghost-gw", "no-such-gw", sim.identityEndpoint()));
        assertThat(r.status()).isEqualTo(422);
        assertThat(json(r).get("errors").get(0).get("field").asString()).isEqualTo("gateway");
        assertThat(api.post("/api/v1/cloud-accounts", ADMIN_KEY,
                account.formatted("acct-local-gw", "local-gateway", sim.identityEndpoint())).status()).isEqualTo(201);
    }

    @Test
    void an_unknown_proxy_setting_shape_is_refused_per_field() {
        String body = body("gw-proxy", "demo", STATIC).replace("\"proxy\":{\"https\":\"\",\"http\":\"\",\"noProxy\":[]}",
                "\"proxy\":{\"https\":\"proxy.example:3128\",\"http\":\"\",\"noProxy\":[\"a b\"],\"caCertificatePath\":\"relative/ca.crt\"}");
        Api.Response r = api.post("/api/v1/gateways", ADMIN_KEY, body);
        assertThat(r.status()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        json(r).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("proxy.https", "proxy.http", "proxy.noProxy[0]", "proxy.caCertificatePath");
    }

    @Test
    void an_older_gateway_upgrades_to_the_shipped_version_after_its_next_health_check() {
        api.post("/api/v1/gateways", ADMIN_KEY, body("gw-old", "demo", STATIC));
        long id = gatewayId("gw-old");
        health.check(id);
        assertThat(api.post("/api/v1/gateways/gw-old/upgrade", ADMIN_KEY, "{\"version\":\"1.0.0\"}").status()).isEqualTo(409);
        jdbc.sql("update gateway set software_version = '0.9.0' where id = :id").param("id", id).update();
        assertThat(json(api.get("/api/v1/gateways/gw-old", ADMIN_KEY)).get("availableUpgrade").asString()).isEqualTo("1.0.0");

        Api.Response unknown = api.post("/api/v1/gateways/gw-old/upgrade", ADMIN_KEY, "{\"version\":\"9.9.9\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(json(unknown).get("errors").get(0).get("field").asString()).isEqualTo("version");
        Api.Response started = api.post("/api/v1/gateways/gw-old/upgrade", ADMIN_KEY, "{\"version\":\"1.0.0\"}");
        assertThat(started.status()).isEqualTo(202);
        assertThat(json(started).get("status").asString()).isEqualTo("Upgrading");
        assertThat(json(started).get("version").asString()).isEqualTo("0.9.0");
        assertThat(api.post("/api/v1/gateways/gw-old/upgrade", ADMIN_KEY, "{\"version\":\"1.0.0\"}").status()).isEqualTo(409);

        health.check(id);
        JsonNode g = json(api.get("/api/v1/gateways/gw-old", ADMIN_KEY));
        assertThat(g.get("status").asString()).isEqualTo("Running");
        assertThat(g.get("version").asString()).isEqualTo("1.0.0");
        assertThat(g.has("availableUpgrade")).isFalse();
        assertThat(api.get("/api/v1/gateways/gw-old/events", ADMIN_KEY).body()).contains("Upgraded from 0.9.0 to 1.0.0");
    }

    @Test
    void edit_and_redeploy_checks_the_new_values_keeps_secrets_left_blank_and_installs_again() {
        String body = body("gw-edit", "demo", STATIC).replace("\"proxy\":{\"https\":\"\",\"http\":\"\",\"noProxy\":[]}",
                "\"proxy\":{\"https\":\"https://u:Edit-Secret-5@proxy.example:3128\",\"http\":\"http://proxy.example:3128\",\"noProxy\":[]}");
        assertThat(api.post("/api/v1/gateways", ADMIN_KEY, body).status()).isEqualTo(201);
        long id = gatewayId("gw-edit");
        health.check(id);

        // a refused change stores nothing
        String wrongSubnet = body.replace("\"password\":\"demo\"", "\"password\":\"\"")
                .replace("\"subnet\":\"private-subnet\"", "\"subnet\":\"elsewhere\"");
        Api.Response refused = api.call("PUT", "/api/v1/gateways/gw-edit", ADMIN_KEY, wrongSubnet);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(json(refused).get("errors").get(0).get("field").asString()).isEqualTo("openstack.placement.subnet");
        assertThat(json(api.get("/api/v1/gateways/gw-edit", ADMIN_KEY)).get("status").asString()).isEqualTo("Running");

        // the password left blank, the proxy URL sent back masked, new CIDRs and 3 nodes
        String edited = body.replace("\"password\":\"demo\"", "\"password\":\"\"")
                .replace("https://u:Edit-Secret-5@", "https://u:********@")
                .replace("\"podCidr\":\"192.168.0.0/16\"", "\"podCidr\":\"172.20.0.0/16\"").replace("\"size\":1", "\"size\":3");
        Api.Response done = api.call("PUT", "/api/v1/gateways/gw-edit", ADMIN_KEY, edited);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(json(done).get("status").asString()).isEqualTo("Installing");
        assertThat(json(done).get("size").asInt()).isEqualTo(3);
        String settings = jdbc.sql("select settings from gateway where id = :id").param("id", id).query(String.class).single();
        assertThat(settings).contains("172.20.0.0/16").contains("httpsSecret").doesNotContain("Edit-Secret-5");
        assertThat(api.get("/api/v1/gateways/gw-edit/events", ADMIN_KEY).body()).contains("Redeployed by admin; changed: podCidr, size 1 → 3");
        health.check(id);
        assertThat(json(api.get("/api/v1/gateways/gw-edit", ADMIN_KEY)).get("status").asString()).isEqualTo("Running");

        // shrinking and renaming are refused
        Api.Response shrink = api.call("PUT", "/api/v1/gateways/gw-edit", ADMIN_KEY, edited.replace("\"size\":3", "\"size\":1"));
        assertThat(json(shrink).get("errors").get(0).get("field").asString()).isEqualTo("size");
        Api.Response rename = api.call("PUT", "/api/v1/gateways/gw-edit", ADMIN_KEY, edited.replace("\"gw-edit\"", "\"gw-other\""));
        assertThat(json(rename).get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void a_gateways_own_account_goes_with_the_gateway_and_a_stored_password_stays_with_its_endpoint() {
        assertThat(api.post("/api/v1/gateways", ADMIN_KEY, body("gw-own", "demo", STATIC)).status()).isEqualTo(201);
        Api.Response refused = api.call("DELETE", "/api/v1/cloud-accounts/gw-own", ADMIN_KEY, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("belongs to gateway gw-own");

        String moved = body("gw-own", "", STATIC).replace(sim.identityEndpoint(), "http://127.0.0.1:9/v3");
        Api.Response elsewhere = api.call("PUT", "/api/v1/gateways/gw-own", ADMIN_KEY, moved);
        assertThat(elsewhere.status()).isEqualTo(422);
        assertThat(json(elsewhere).get("errors").get(0).get("field").asString()).isEqualTo("openstack.password");
        Api.Response account = api.call("PUT", "/api/v1/cloud-accounts/gw-own", ADMIN_KEY, """
                {"username":"demo","identityEndpoint":"http://127.0.0.1:9/v3","parentRegion":"RegionOne",
                 "defaultDomain":"Default","defaultProject":"dev"}""");
        assertThat(account.status()).isEqualTo(422);
        assertThat(json(account).get("errors").get(0).get("field").asString()).isEqualTo("password");

        assertThat(api.call("DELETE", "/api/v1/gateways/gw-own", ADMIN_KEY, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/cloud-accounts/gw-own", ADMIN_KEY).status()).isEqualTo(404);
    }
}
