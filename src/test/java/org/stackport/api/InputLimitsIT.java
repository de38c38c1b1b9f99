package org.stackport.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an outside probe sends to break things: values longer than their columns, huge lists, line breaks and
 * control characters in what ends up in hosts' configuration, credentials inside URLs. Each is a 422 on its
 * field, and nothing is stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class InputLimitsIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROFILE = "limits-it-profile";

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;

    Api api;
    OpenStackSimulator sim;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        sim = launcher.simulator();
        sim.clearFaults();
    }

    // ---- gateways

    ObjectNode gateway(String name) {
        return (ObjectNode) JSON.readTree("""
                {"name":"%s","cloudType":"openstack","size":1,"shareAcrossProjects":true,
                 "openstack":{"identityEndpoint":"%s","username":"demo","password":"demo","domain":"Default","region":"RegionOne",
                   "project":"dev","placement":{"type":"dynamic","dnsServers":["8.8.8.8"],"nodeCidr":"10.10.0.0/16"},
                   "sshPublicKey":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample me@host","availabilityZone":"nova"},
                 "proxy":{"https":"http://proxy.example:3128","http":"http://proxy.example:3128","noProxy":["10.0.0.0/8"],
                   "caCertificatePath":"/etc/ssl/proxy.crt"},
                 "podCidr":"192.168.0.0/16","serviceCidr":"10.96.0.0/12"}""".formatted(name, sim.identityEndpoint()));
    }

    Api.Response register(ObjectNode body) {
        return api.post("/api/v1/gateways", ADMIN_KEY, JSON.writeValueAsString(body));
    }

    static JsonNode json(Api.Response r) {
        return JSON.readTree(r.body());
    }

    static Map<String, String> errors(Api.Response r) {
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode list = json(r).get("errors");
        if (list != null) {
            list.forEach(e -> errors.put(e.get("field").asString(), e.get("message").asString()));
        }
        return errors;
    }

    long count(String table, String name) {
        return jdbc.sql("select count(*) from " + table + " where name = :n").param("n", name).query(Long.class).single();
    }

    void assertRefused(Api.Response r, String field, String table, String name) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(errors(r)).as(r.body()).containsKey(field);
        assertThat(count(table, name)).isZero();
    }

    @Test
    void a_gateway_with_everything_at_its_limit_is_registered() {
        ObjectNode body = gateway("lim-gw-max");
        ObjectNode proxy = (ObjectNode) body.get("proxy");
        ArrayNode noProxy = proxy.putArray("noProxy");
        for (int i = 0; i < 100; i++) {
            noProxy.add(("h" + i + "." + "x".repeat(36)).substring(0, 31) + ".example");
        }
        proxy.put("caCertificatePath", "/" + "p".repeat(511));
        String longHost = "proxy-" + "a".repeat(50) + ".example";
        proxy.put("https", "http://" + "u".repeat(200) + ":" + "s".repeat(200) + "@" + longHost + ":3128");
        proxy.put("http", "http://" + "t".repeat(400) + "@" + longHost + ":3128");
        ObjectNode os = (ObjectNode) body.get("openstack");
        os.put("sshPublicKey", "ssh-rsa AAAA" + "B".repeat(4096 - 20) + " me@host");
        ArrayNode dns = ((ObjectNode) os.get("placement")).putArray("dnsServers");
        List.of("8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "fd00::53", "9.9.9.9").forEach(dns::add);
        Api.Response r = register(body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void gateway_values_longer_than_their_limits_are_refused_on_their_fields() {
        ObjectNode manyNoProxy = gateway("lim-gw-noproxy");
        ArrayNode noProxy = ((ObjectNode) manyNoProxy.get("proxy")).putArray("noProxy");
        for (int i = 0; i < 2000; i++) {
            noProxy.add("host-" + i + ".internal.example");
        }
        assertRefused(register(manyNoProxy), "proxy.noProxy", "gateway", "lim-gw-noproxy");

        ObjectNode longPath = gateway("lim-gw-capath");
        ((ObjectNode) longPath.get("proxy")).put("caCertificatePath", "/" + "c".repeat(30_000));
        assertRefused(register(longPath), "proxy.caCertificatePath", "gateway", "lim-gw-capath");

        ObjectNode longKey = gateway("lim-gw-sshkey");
        ((ObjectNode) longKey.get("openstack")).put("sshPublicKey", "ssh-ed25519 AAAA" + "A".repeat(30_000));
        assertRefused(register(longKey), "openstack.sshPublicKey", "gateway", "lim-gw-sshkey");

        ObjectNode longUser = gateway("lim-gw-user");
        ((ObjectNode) longUser.get("openstack")).put("username", "u".repeat(30_000));
        assertRefused(register(longUser), "openstack.username", "gateway", "lim-gw-user");

        ObjectNode longProxy = gateway("lim-gw-proxyurl");
        ((ObjectNode) longProxy.get("proxy")).put("https", "http://" + "a".repeat(30_000) + ".example:3128");
        assertRefused(register(longProxy), "proxy.https", "gateway", "lim-gw-proxyurl");
    }

    @Test
    void line_breaks_and_control_characters_never_reach_a_gateways_hosts() {
        ObjectNode body = gateway("lim-gw-ctl");
        ObjectNode proxy = (ObjectNode) body.get("proxy");
        proxy.putArray("noProxy").add("10.0.0.0/8").add("evil.example\nHTTP_PROXY=http://attacker");
        proxy.put("caCertificatePath", "/etc/ssl/proxy.crt\nrm -rf /");
        proxy.put("https", "http://proxy.example:3128\n");
        proxy.put("http", "http://proxy.example:3128\u0000");
        ObjectNode placement = (ObjectNode) ((ObjectNode) body.get("openstack")).get("placement");
        placement.putArray("dnsServers").add("8.8.8.8\nnameserver 6.6.6.6").add("<script>").add("dns.example");
        Api.Response r = register(body);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(errors(r)).containsKeys("proxy.noProxy[1]", "proxy.caCertificatePath", "proxy.https", "proxy.http",
                "openstack.placement.dnsServers[0]", "openstack.placement.dnsServers[1]", "openstack.placement.dnsServers[2]");
        assertThat(errors(r)).doesNotContainKey("proxy.noProxy[0]");
        assertThat(count("gateway", "lim-gw-ctl")).isZero();

        ObjectNode tooMany = gateway("lim-gw-dns");
        ArrayNode dns = ((ObjectNode) ((ObjectNode) tooMany.get("openstack")).get("placement")).putArray("dnsServers");
        for (int i = 0; i < 10_000; i++) {
            dns.add("10.0." + (i / 250) % 250 + "." + (i % 250 + 1));
        }
        assertRefused(register(tooMany), "openstack.placement.dnsServers", "gateway", "lim-gw-dns");
    }

    @Test
    void an_identity_endpoint_carrying_credentials_is_refused_for_accounts_and_gateways() {
        String endpoint = sim.identityEndpoint().replace("://", "://demo:demo@");
        Api.Response account = api.post("/api/v1/cloud-accounts", ADMIN_KEY, """
                {"name":"lim-acct-userinfo","username":"demo","password":"demo","identityEndpoint":"%s","parentRegion":"RegionOne",
                 "defaultDomain":"Default","defaultProject":"dev","scope":"tenant"}""".formatted(endpoint));
        assertRefused(account, "identityEndpoint", "cloud_account", "lim-acct-userinfo");
        assertThat(errors(account).get("identityEndpoint")).contains("username and password fields");
        assertThat(account.body()).doesNotContain("demo:demo@");

        ObjectNode gw = gateway("lim-gw-userinfo");
        ((ObjectNode) gw.get("openstack")).put("identityEndpoint", endpoint);
        assertRefused(register(gw), "openstack.identityEndpoint", "gateway", "lim-gw-userinfo");

        // one stored before the refusal existed is shown with its credentials masked
        Api.Response legacy = api.post("/api/v1/cloud-accounts", ADMIN_KEY, """
                {"name":"lim-acct-legacy","username":"demo","password":"demo","identityEndpoint":"%s","parentRegion":"RegionOne",
                 "defaultDomain":"Default","defaultProject":"dev","scope":"tenant"}""".formatted(sim.identityEndpoint()));
        assertThat(legacy.status()).as(legacy.body()).isEqualTo(201);
        jdbc.sql("update cloud_account set identity_endpoint = :e where name = 'lim-acct-legacy'")
                .param("e", sim.identityEndpoint().replace("://", "://demo:Legacy-Pw-7@")).update();
        Api.Response shown = api.get("/api/v1/cloud-accounts/lim-acct-legacy", ADMIN_KEY);
        assertThat(shown.body()).doesNotContain("Legacy-Pw-7").contains("://********@");
        assertThat(api.get("/api/v1/cloud-accounts", ADMIN_KEY).body()).doesNotContain("Legacy-Pw-7");
    }

    @Test
    void a_proxy_url_with_only_a_token_is_a_secret_encrypted_at_rest_and_masked_in_every_answer() {
        ObjectNode body = gateway("lim-gw-token");
        ObjectNode proxy = (ObjectNode) body.get("proxy");
        proxy.put("https", "http://Proxy-Token-4242@proxy.example:3128");
        proxy.put("http", "http://Proxy-Token-4242@proxy.example:3128");
        Api.Response r = register(body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String settings = jdbc.sql("select settings from gateway where name = 'lim-gw-token'").query(String.class).single();
        assertThat(settings).doesNotContain("Proxy-Token-4242").contains("http://********@proxy.example:3128");
        StringBuilder answers = new StringBuilder(r.body());
        for (String path : List.of("/api/v1/gateways", "/api/v1/gateways/lim-gw-token", "/api/v1/gateways/lim-gw-token/events")) {
            Api.Response got = api.get(path, ADMIN_KEY);
            assertThat(got.status()).isEqualTo(200);
            answers.append(got.body());
        }
        assertThat(answers.toString()).doesNotContain("Proxy-Token-4242");

        // sent back masked, the stored token is kept; at another address it must be given again
        proxy.put("https", "http://********@proxy.example:3128");
        proxy.put("http", "http://********@proxy.example:3128");
        ((ObjectNode) body.get("openstack")).put("password", "");
        Api.Response kept = api.call("PUT", "/api/v1/gateways/lim-gw-token", ADMIN_KEY, JSON.writeValueAsString(body));
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        String after = jdbc.sql("select settings from gateway where name = 'lim-gw-token'").query(String.class).single();
        assertThat(after).contains("httpsSecret").contains("httpSecret").doesNotContain("Proxy-Token-4242");
        proxy.put("https", "http://********@other-proxy.example:3128");
        Api.Response moved = api.call("PUT", "/api/v1/gateways/lim-gw-token", ADMIN_KEY, JSON.writeValueAsString(body));
        assertThat(moved.status()).isEqualTo(422);
        assertThat(errors(moved)).containsKey("proxy.https");
    }

    // ---- cloud accounts

    @Test
    void cloud_account_values_longer_than_their_columns_are_refused_on_their_fields() {
        String body = """
                {"name":"lim-acct","username":"%s","password":"%s","identityEndpoint":"%s","parentRegion":"RegionOne",
                 "defaultDomain":"Default","defaultProject":"%s","scope":"tenant","gateway":"%s"}""";
        Api.Response r = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body.formatted("u".repeat(30_000), "p".repeat(30_000),
                sim.identityEndpoint(), "d".repeat(30_000), "g".repeat(30_000)));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(errors(r)).containsKeys("username", "password", "defaultProject", "gateway");
        assertThat(count("cloud_account", "lim-acct")).isZero();

        Api.Response lineBreak = api.post("/api/v1/cloud-accounts", ADMIN_KEY, body.formatted("demo\\nroot", "demo",
                sim.identityEndpoint(), "dev", ""));
        assertRefused(lineBreak, "username", "cloud_account", "lim-acct");
    }

    // ---- profiles

    List<JsonNode> starterPacks() {
        List<JsonNode> catalog = new ArrayList<>();
        json(api.get("/api/v1/packs", ADMIN_KEY)).forEach(catalog::add);
        List<JsonNode> packs = new ArrayList<>();
        for (String layer : List.of("os", "k8s", "cni", "csi")) {
            JsonNode p = catalog.stream().filter(x -> x.get("layer").asString().equals(layer)).findFirst().orElseThrow();
            String version = p.get("versions").get(0).asString();
            ObjectNode pack = JSON.createObjectNode().put("layer", layer).put("name", p.get("name").asString())
                    .put("version", version).put("values", p.get("defaultValues").get(version).asString());
            packs.add(pack);
        }
        return packs;
    }

    String profile(String name, List<JsonNode> packs) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("description", "limits");
        body.putArray("packs").addAll(packs);
        return JSON.writeValueAsString(body);
    }

    @Test
    void profile_values_over_what_a_profile_keeps_are_refused_before_the_database() {
        List<JsonNode> packs = starterPacks();
        // each pack under the per-pack limit, together far over the column
        for (int i = 0; i < 4; i++) {
            ObjectNode p = (ObjectNode) packs.get(i);
            p.put("values", p.get("values").asString() + "\nfiller: \"" + "x".repeat(60_000) + "\"\n");
        }
        Api.Response r = api.post("/api/v1/cluster-profiles", ADMIN_KEY, profile("lim-profile", packs));
        assertRefused(r, "packs", "cluster_profile", "lim-profile");

        List<JsonNode> many = new ArrayList<>(starterPacks());
        many.addAll(Collections.nCopies(500, starterPacks().get(0)));
        Api.Response tooMany = api.post("/api/v1/cluster-profiles", ADMIN_KEY, profile("lim-profile-many", many));
        assertRefused(tooMany, "packs", "cluster_profile", "lim-profile-many");
        assertThat(tooMany.body().length()).isLessThan(5_000);
    }

    // ---- clusters

    void ensureProfile() {
        if (api.get("/api/v1/cluster-profiles/" + PROFILE, ADMIN_KEY).status() != 200) {
            Api.Response r = api.post("/api/v1/cluster-profiles", ADMIN_KEY, profile(PROFILE, starterPacks()));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    ObjectNode cluster(String name) {
        ensureProfile();
        return (ObjectNode) JSON.readTree("""
                {"name":"%s","description":"limits","tags":["it"],"profile":"%s","cloudAccount":"local-openstack",
                 "placement":{"domain":"Default","region":"RegionOne","project":"dev","sshKeyName":"demo-key","type":"static",
                   "network":"private","subnet":"private-subnet"},
                 "masterPool":{"size":1,"allowWorkerCapability":false,"labels":{},"taints":[],"instanceType":"m1.small",
                   "availabilityZones":["az1"],"diskGiB":20},
                 "workerPools":[{"name":"workers","size":1,"autoscaler":{"enabled":false},"rollingUpdate":"expand-first",
                   "labels":{},"taints":[],"instanceType":"m1.small","availabilityZones":["az1"],"diskGiB":20}]}"""
                .formatted(name, PROFILE));
    }

    Api.Response create(ObjectNode body) {
        return api.post("/api/v1/projects/default/clusters", ADMIN_KEY, JSON.writeValueAsString(body));
    }

    @Test
    void a_cluster_request_too_large_to_keep_is_a_422_on_its_field_not_a_conflict() {
        ObjectNode body = cluster("lim-cl-huge");
        String k8s = starterPacks().get(1).get("name").asString();
        String cni = starterPacks().get(2).get("name").asString();
        String csi = starterPacks().get(3).get("name").asString();
        ObjectNode overrides = body.putObject("packOverrides");
        for (String pack : List.of(k8s, cni, csi)) {
            overrides.put(pack, "filler: \"" + "y".repeat(80_000) + "\"\n");
        }
        Api.Response r = create(body);
        assertRefused(r, "packOverrides", "cluster", "lim-cl-huge");

        ObjectNode longZone = cluster("lim-cl-zone");
        ((ArrayNode) ((ObjectNode) longZone.get("masterPool")).putArray("availabilityZones")).add("z".repeat(30_000));
        assertRefused(create(longZone), "masterPool.availabilityZones[0]", "cluster", "lim-cl-zone");

        ObjectNode longPlacement = cluster("lim-cl-place");
        ((ObjectNode) longPlacement.get("placement")).put("network", "n".repeat(30_000));
        assertRefused(create(longPlacement), "placement.network", "cluster", "lim-cl-place");
    }

    @Test
    void cluster_names_and_placement_with_line_breaks_are_refused() {
        ObjectNode body = cluster("lim-cl-ctl");
        ((ObjectNode) body.get("placement")).put("sshKeyName", "demo-key\n").put("type", "dynamic")
                .put("subnetCidr", "10.77.0.0/24").putArray("dnsServers").add("1.1.1.1\r\n").add("::1").add("fd00::1\n");
        ((ObjectNode) body.get("masterPool")).put("instanceType", "m1.small\u0007");
        Api.Response r = create(body);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(errors(r)).containsKeys("placement.sshKeyName", "placement.dnsServers[0]", "placement.dnsServers[2]",
                "masterPool.instanceType").doesNotContainKey("placement.dnsServers[1]");
        assertThat(count("cluster", "lim-cl-ctl")).isZero();
    }

    // ---- the OpenAPI document

    @Test
    void the_openapi_document_states_the_limits() {
        Api.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode schemas = json(docs).get("components").get("schemas");
        JsonNode proxy = schemas.get("GatewayRegistration").get("properties").get("proxy");
        JsonNode proxySchema = proxy.has("$ref") ? schemas.get(proxy.get("$ref").asString().replaceAll(".*/", "")) : proxy;
        assertThat(proxySchema.get("properties").get("noProxy").get("maxItems").asInt()).isEqualTo(100);
        assertThat(proxySchema.get("properties").get("caCertificatePath").get("maxLength").asInt()).isEqualTo(512);
        assertThat(schemas.get("CloudAccountCommand").get("properties").get("username").get("maxLength").asInt()).isEqualTo(255);
        assertThat(schemas.get("ClusterSpec").get("properties").get("workerPools").get("maxItems").asInt()).isEqualTo(20);
        assertThat(schemas.get("ProfileCommand").get("properties").get("description").get("maxLength").asInt()).isEqualTo(1000);
    }
}
