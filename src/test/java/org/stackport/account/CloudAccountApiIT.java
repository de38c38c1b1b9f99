package org.stackport.account;

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

/** Cloud accounts over REST against the embedded simulator's Keystone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class CloudAccountApiIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
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

    String body(String name, String password, String extra) {
        return """
                {"name":"%s","username":"demo","password":"%s","identityEndpoint":"%s","parentRegion":"RegionOne",
                 "defaultDomain":"Default","defaultProject":"dev","scope":"tenant"%s}"""
                .formatted(name, password, sim.identityEndpoint(), extra);
    }

    static JsonNode json(Api.Response r) {
        return JSON.readTree(r.body());
    }

    static String field(Api.Response r) {
        return json(r).get("errors").get(0).get("field").asString();
    }

    long rows() {
        return jdbc.sql("select count(*) from cloud_account").query(Long.class).single();
    }

    @Test
    void good_credentials_are_stored_encrypted_and_the_password_is_never_returned() {
        Api.Response r = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-good", "demo", ""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("password").asString()).isEqualTo("********");
        String stored = jdbc.sql("select password_secret from cloud_account where name = 'acct-good'").query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("demo");
        assertThat(api.get("/api/v1/cloud-accounts/acct-good", ADMIN_KEY).body()).contains("\"password\":\"********\"");
        assertThat(api.get("/api/v1/cloud-accounts", ADMIN_KEY).body()).contains("acct-good");
    }

    @Test
    void keystones_refusal_is_a_field_error_and_nothing_is_stored() {
        long before = rows();
        Api.Response wrong = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-wrong", "nope", ""));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(field(wrong)).isEqualTo("password");
        assertThat(json(wrong).get("errors").get(0).get("message").asString()).contains("Keystone refused");

        Api.Response region = api.post("/api/v1/cloud-accounts", ADMIN_KEY,
                body("acct-region", "demo", "").replace("\"RegionOne\"", "\"Mars\""));
        assertThat(region.status()).isEqualTo(422);
        assertThat(field(region)).isEqualTo("parentRegion");

        Api.Response unreachable = api.post("/api/v1/cloud-accounts", ADMIN_KEY,
                body("acct-far", "demo", "").replace(sim.identityEndpoint(), "http://127.0.0.1:1/identity/v3"));
        assertThat(unreachable.status()).isEqualTo(422);
        assertThat(field(unreachable)).isEqualTo("identityEndpoint");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void every_bad_field_is_named_before_the_cloud_is_asked() {
        Api.Response r = api.post("/api/v1/cloud-accounts", ADMIN_KEY,
                "{\"name\":\"Bad Name\",\"identityEndpoint\":\"ftp://x\",\"scope\":\"galaxy\",\"caCertificate\":\"nope\"}");
        assertThat(r.status()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        json(r).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("name", "username", "password", "identityEndpoint", "parentRegion", "defaultDomain",
                "defaultProject", "scope", "caCertificate");
    }

    @Test
    void a_duplicate_name_is_refused() {
        api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-dup", "demo", ""));
        Api.Response again = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-dup", "demo", ""));
        assertThat(again.status()).isEqualTo(409);
        assertThat(field(again)).isEqualTo("name");
    }

    @Test
    void rotating_to_a_wrong_password_is_refused_and_the_old_one_keeps_working() {
        api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-rotate", "demo", ""));
        String before = jdbc.sql("select password_secret from cloud_account where name = 'acct-rotate'").query(String.class).single();
        Api.Response bad = api.call("PUT", "/api/v1/cloud-accounts/acct-rotate", ADMIN_KEY, body("acct-rotate", "wrong", ""));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(jdbc.sql("select password_secret from cloud_account where name = 'acct-rotate'").query(String.class).single())
                .isEqualTo(before);
        Api.Response keep = api.call("PUT", "/api/v1/cloud-accounts/acct-rotate", ADMIN_KEY,
                body("acct-rotate", "demo", "").replace("\"password\":\"demo\",", ""));
        assertThat(keep.status()).as(keep.body()).isEqualTo(200);
        assertThat(api.post("/api/v1/cloud-accounts/acct-rotate/validate", ADMIN_KEY, null).body()).contains("\"authenticated\":true");
    }

    @Test
    void validate_reports_each_permission_and_finds_one_the_cloud_denies() {
        api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-validate", "demo", ""));
        sim.failNext("GET", "/volume/v3/{project_id}/volumes/detail", 1, 403,
                "Policy doesn't allow volume:get_all to be performed.");
        Api.Response r = api.post("/api/v1/cloud-accounts/acct-validate/validate", ADMIN_KEY, null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode report = json(r);
        assertThat(report.get("authenticated").asBoolean()).isTrue();
        List<String> denied = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        report.get("checks").forEach(c -> (c.get("allowed").asBoolean() ? allowed : denied).add(c.get("permission").asString()));
        assertThat(denied).containsExactly("volume:get_all");
        assertThat(allowed).contains("limits_extension:used_limits", "os_compute_api:servers:detail", "get_network",
                "os_load-balancer_api:loadbalancer:get_all", "get_images");
    }

    @Test
    void the_inventory_lists_what_the_wizards_need() {
        api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-inventory", "demo", ""));
        Api.Response r = api.get("/api/v1/cloud-accounts/acct-inventory/inventory", ADMIN_KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode inv = json(r);
        assertThat(inv.get("regions").toString()).contains("RegionOne");
        assertThat(inv.get("projects").toString()).contains("dev");
        assertThat(inv.get("networks").toString()).contains("private").contains("public");
        assertThat(inv.get("subnets").toString()).contains("private-subnet");
        assertThat(inv.get("flavors").toString()).contains("m1.small");
        assertThat(inv.get("availabilityZones").toString()).contains("az1");
        assertThat(inv.get("keypairs").toString()).contains("demo-key");
        assertThat(inv.get("images").toString()).contains("ubuntu-22.04");
    }

    @Test
    void the_quota_shows_used_and_limit_per_resource_and_names_what_it_could_not_read() {
        api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-quota", "demo", ""));
        Api.Response r = api.get("/api/v1/cloud-accounts/acct-quota/quota", ADMIN_KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        java.util.Map<String, JsonNode> items = new java.util.LinkedHashMap<>();
        json(r).get("items").forEach(i -> items.put(i.get("resource").asString(), i));
        assertThat(items.keySet()).containsExactly("instances", "cores", "ram", "serverGroups", "serverGroupMembers",
                "volumes", "gigabytes", "networks", "ports", "floatingIps", "securityGroups", "loadBalancers");
        assertThat(items.get("serverGroupMembers").get("limit").asInt()).isEqualTo(10);
        assertThat(items.get("networks").get("used").asInt()).isEqualTo(sim.quotaUsage("dev", "network"));
        assertThat(items.get("ports").get("used").asInt()).isEqualTo(sim.quotaUsage("dev", "port"));
        assertThat(items.get("instances").get("used").asInt()).isEqualTo(sim.quotaUsage("dev", "instances"));
        assertThat(items.get("loadBalancers").get("limit").asInt()).isEqualTo(-1);
        int instancesLimit = items.get("instances").get("limit").asInt();
        try {
            sim.setQuota("dev", "instances", 7);
            sim.setQuota("dev", "loadbalancer", 4);
            sim.failNext("GET", "/load-balancer/v2/lbaas/quotas/{project_id}", 1, 403);
            sim.failNext("GET", "/load-balancer/v2.0/lbaas/quotas/{project_id}", 1, 403);
            items.clear();
            json(api.get("/api/v1/cloud-accounts/acct-quota/quota", ADMIN_KEY)).get("items")
                    .forEach(i -> items.put(i.get("resource").asString(), i));
            assertThat(items.get("instances").get("limit").asInt()).isEqualTo(7);
            assertThat(items.get("loadBalancers").get("unavailable").asString()).contains("lacks permission");
            sim.clearFaults();
            JsonNode lb = null;
            for (JsonNode i : json(api.get("/api/v1/cloud-accounts/acct-quota/quota", ADMIN_KEY)).get("items")) {
                if (i.get("resource").asString().equals("loadBalancers")) {
                    lb = i;
                }
            }
            assertThat(lb.get("limit").asInt()).isEqualTo(4);
        } finally {
            sim.setQuota("dev", "instances", instancesLimit);
            sim.setQuota("dev", "loadbalancer", -1);
            sim.clearFaults();
        }
    }

    @Test
    void project_admins_use_shared_and_own_accounts_but_not_other_projects() {
        fixtures.user("acct-padmin", false);
        fixtures.member("acct-p", "acct-padmin", ProjectRole.PROJECT_ADMIN);
        fixtures.project("acct-q");
        String key = RunAs.admin(() -> keys.create("acct-padmin", "k", null).key());
        api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-shared", "demo", ""));
        api.post("/api/v1/cloud-accounts", ADMIN_KEY, body("acct-of-q", "demo", "").replace("\"scope\":\"tenant\"", "\"scope\":\"project\",\"project\":\"acct-q\""));

        assertThat(api.post("/api/v1/cloud-accounts", key, body("acct-of-p", "demo", "")
                .replace("\"scope\":\"tenant\"", "\"scope\":\"project\",\"project\":\"acct-p\"")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/cloud-accounts", key, body("acct-tenant-try", "demo", "")).status()).isEqualTo(403);
        String list = api.get("/api/v1/cloud-accounts", key).body();
        assertThat(list).contains("acct-shared").contains("acct-of-p").doesNotContain("acct-of-q").doesNotContain("\"password\":\"demo\"");
        assertThat(api.get("/api/v1/cloud-accounts/acct-of-q", key).status()).isEqualTo(404);
        assertThat(api.call("DELETE", "/api/v1/cloud-accounts/acct-shared", key, null).status()).isEqualTo(403);
        assertThat(api.call("DELETE", "/api/v1/cloud-accounts/acct-of-p", key, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/cloud-accounts", null).status()).isEqualTo(401);
    }
}
