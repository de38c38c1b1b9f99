package org.stackport.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

/**
 * Creating clusters over REST against the simulator: every rule of the request, the checks against the account's
 * cloud (inventory, quota, CIDRs, image), the plan, Pending storage, listing and filters, who may, and what a
 * cluster keeps from being deleted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ClusterApiIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROFILE = "cluster-it-profile";

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
        ensureProfile(PROFILE);
    }

    void ensureProfile(String name) {
        if (api.get("/api/v1/cluster-profiles/" + name, ADMIN_KEY).status() == 200) {
            return;
        }
        Api.Response r = api.post("/api/v1/cluster-profiles", ADMIN_KEY, ProfileFixture.body(api, ADMIN_KEY, name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static ClusterSpec spec(String name) {
        return new ClusterSpec(name, "made by ClusterApiIT", List.of("env:test", "it"), PROFILE, Map.of(), "local-openstack",
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "private", "private-subnet", null, null),
                new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m1.small", List.of("az1"), 20),
                List.of(new ClusterSpec.WorkerPool("workers", 2, new ClusterSpec.Autoscaler(false, null, null), "expand-first",
                        Map.of("tier", "web"), List.of(new ClusterSpec.Taint("dedicated", "web", "NoSchedule")), "m1.small",
                        List.of("az1", "az2"), 20)),
                new ClusterSpec.Policies(true, false, "0 3 * * 0", new ClusterSpec.Backup("0 2 * * *", 7)));
    }

    static String json(ClusterSpec spec) {
        return JSON.writeValueAsString(spec);
    }

    static JsonNode json(Api.Response r) {
        return JSON.readTree(r.body());
    }

    static List<String> fields(Api.Response r) {
        List<String> fields = new ArrayList<>();
        json(r).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    static String message(Api.Response r, String field) {
        for (JsonNode e : json(r).get("errors")) {
            if (e.get("field").asString().equals(field)) {
                return e.get("message").asString();
            }
        }
        return null;
    }

    Api.Response create(ClusterSpec spec) {
        return api.post("/api/v1/projects/default/clusters", ADMIN_KEY, json(spec));
    }

    long stored(String name) {
        return jdbc.sql("select count(*) from cluster where name = :n").param("n", name).query(Long.class).single();
    }

    @Test
    void a_good_request_is_stored_pending_with_its_profile_version_and_listed() {
        Api.Response r = create(spec("it-good"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode c = json(r);
        assertThat(c.get("status").asString()).isEqualTo("Pending");
        assertThat(c.get("profile").asString()).isEqualTo(PROFILE);
        assertThat(c.get("profileVersion").asString()).isNotBlank();
        JsonNode got = json(api.get("/api/v1/projects/default/clusters/it-good", ADMIN_KEY));
        assertThat(got.get("workerPools").get(0).get("taints").get(0).get("effect").asString()).isEqualTo("NoSchedule");
        assertThat(got.get("placement").get("subnet").asString()).isEqualTo("private-subnet");

        JsonNode page = json(api.get("/api/v1/projects/default/clusters?status=Pending&tag=env:test", ADMIN_KEY));
        assertThat(page.get("items").toString()).contains("\"it-good\"");
        assertThat(json(api.get("/api/v1/projects/default/clusters?tag=nope", ADMIN_KEY)).get("total").asInt()).isZero();
        assertThat(json(api.get("/api/v1/projects/default/clusters?status=Running", ADMIN_KEY)).get("items").toString())
                .doesNotContain("it-good");

        Api.Response again = create(spec("it-good"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(fields(again)).containsExactly("name");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.stackport.cluster.ClusterRulesTest#broken")
    void each_rule_of_the_request_is_a_422_on_its_field_and_nothing_is_stored(String rule, ClusterSpec broken, String field) {
        ClusterSpec spec = new ClusterRulesTest.Builder(broken).profile(broken.profile() == null || broken.profile().isBlank()
                ? broken.profile() : PROFILE).account(broken.cloudAccount() == null ? null : "local-openstack").build();
        Api.Response r = create(spec);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(fields(r)).contains(field);
        if (spec.name() != null && spec.name().matches("[a-z0-9-]{1,63}")) {
            assertThat(stored(spec.name())).isZero();
        }
    }

    static Stream<Arguments> cloudChecks() {
        return Stream.of(
                Arguments.of("unknown account", (UnaryOperator<ClusterSpec>) s -> with(s, b -> b.account("no-such-account")), "cloudAccount", "no cloud account"),
                Arguments.of("unknown profile", (UnaryOperator<ClusterSpec>) s -> with(s, b -> b.profile("no-such-profile")), "profile", "no cluster profile"),
                Arguments.of("unknown flavor", (UnaryOperator<ClusterSpec>) s -> with(s, b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m9.huge", List.of("az1"), 20))), "masterPool.instanceType", "no flavor 'm9.huge'"),
                Arguments.of("unknown zone", (UnaryOperator<ClusterSpec>) s -> with(s, b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m1.small", List.of("az9"), 20))), "masterPool.availabilityZones", "no zone az9"),
                Arguments.of("disk below the image's minimum", (UnaryOperator<ClusterSpec>) s -> with(s, b -> b.master(m -> new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m1.small", List.of("az1"), 5))), "masterPool.diskGiB", "needs at least 10 GiB"),
                Arguments.of("unknown key pair", (UnaryOperator<ClusterSpec>) s -> with(s, b -> b.placement(new ClusterSpec.Placement("Default", "RegionOne", "dev", "no-key", "static", "private", "private-subnet", null, null))), "placement.sshKeyName", "no SSH key pair 'no-key'"),
                Arguments.of("unknown network", (UnaryOperator<ClusterSpec>) s -> with(s, b -> b.placement(new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "nowhere", "private-subnet", null, null))), "placement.network", "no network 'nowhere'"),
                Arguments.of("subnet overlapping the account's", (UnaryOperator<ClusterSpec>) s -> with(s, b -> b.placement(new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "dynamic", null, null, "10.0.0.0/24", List.of("8.8.8.8")))), "placement.subnetCidr", "overlaps the account's subnet"),
                Arguments.of("subnet overlapping the pod CIDR", (UnaryOperator<ClusterSpec>) s -> with(s, b -> b.placement(new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "dynamic", null, null, "192.168.10.0/24", List.of("8.8.8.8")))), "placement.subnetCidr", "overlaps the profile's pod CIDR"));
    }

    static ClusterSpec with(ClusterSpec s, UnaryOperator<ClusterRulesTest.Builder> change) {
        return change.apply(new ClusterRulesTest.Builder(s)).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cloudChecks")
    void what_the_cloud_cannot_give_is_a_422_on_its_field(String check, UnaryOperator<ClusterSpec> change, String field, String says) {
        String name = "it-cloud-" + Math.abs(check.hashCode() % 10000);
        Api.Response r = create(change.apply(spec(name)));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(fields(r)).contains(field);
        assertThat(message(r, field)).contains(says);
        assertThat(stored(name)).isZero();
    }

    @Test
    void a_quota_set_too_low_is_named_with_its_numbers_before_anything_is_created() {
        int usedCores = sim.quotaUsage("dev", "cores");
        int limit = -1;
        for (JsonNode i : json(api.get("/api/v1/cloud-accounts/local-openstack/quota", ADMIN_KEY)).get("items")) {
            if (i.get("resource").asString().equals("cores")) {
                limit = i.get("limit").asInt();
            }
        }
        try {
            sim.setQuota("dev", "cores", usedCores + 2);
            Api.Response review = api.post("/api/v1/projects/default/clusters/review", ADMIN_KEY, json(spec("it-quota")));
            assertThat(review.status()).as(review.body()).isEqualTo(200);
            JsonNode cores = null;
            for (JsonNode c : json(review).get("checks")) {
                if (c.get("field").asString().equals("quota.cores")) {
                    cores = c;
                }
            }
            assertThat(cores.get("ok").asBoolean()).isFalse();
            assertThat(cores.get("detail").asString()).isEqualTo("3 needed, 2 left (limit " + (usedCores + 2) + ", " + usedCores + " used)");
            Api.Response r = create(spec("it-quota"));
            assertThat(r.status()).isEqualTo(422);
            assertThat(message(r, "quota.cores")).contains("3 needed, 2 left");
            assertThat(stored("it-quota")).isZero();
        } finally {
            sim.setQuota("dev", "cores", limit);
        }
    }

    @Test
    void the_review_plans_every_resource_by_name() {
        Api.Response r = api.post("/api/v1/projects/default/clusters/review", ADMIN_KEY, json(spec("it-plan")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> plan = new ArrayList<>();
        json(r).get("plan").forEach(p -> plan.add(p.get("kind").asString() + " " + p.get("name").asString()));
        assertThat(plan).contains("load balancer sp-<id>-api", "security group sp-<id>-control-plane",
                "server sp-<id>-cp-0", "volume sp-<id>-cp-0 (boot)", "server sp-<id>-workers-1",
                "server group sp-<id>-workers");
        assertThat(json(r).get("ready").asBoolean()).isTrue();
        List<String> freeAddresses = new ArrayList<>();
        json(r).get("checks").forEach(c -> {
            if (c.get("check").asString().startsWith("free addresses")) {
                freeAddresses.add(c.get("detail").asString());
            }
        });
        assertThat(freeAddresses).singleElement().asString().startsWith("4 needed (one per node plus the control-plane VIP)");
        assertThat(stored("it-plan")).isZero();
    }

    @Test
    void viewers_read_but_do_not_create_and_other_projects_do_not_exist_for_them() {
        fixtures.user("cl-viewer", false);
        fixtures.member("default", "cl-viewer", ProjectRole.PROJECT_VIEWER);
        fixtures.project("cl-other");
        String key = RunAs.admin(() -> keys.create("cl-viewer", "k", null).key());
        assertThat(api.get("/api/v1/projects/default/clusters", key).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/projects/default/clusters", key, json(spec("it-viewer"))).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/projects/cl-other/clusters", key).status()).isEqualTo(404);
        assertThat(stored("it-viewer")).isZero();
    }

    @Test
    void a_cluster_keeps_its_account_gateway_and_profile_from_being_deleted() {
        Api.Response gw = api.post("/api/v1/gateways", ADMIN_KEY, """
                {"name":"it-cl-gw","cloudType":"openstack","mode":"direct","size":1,"shareAcrossProjects":true,
                 "openstack":{"identityEndpoint":"%s","username":"demo","password":"demo","domain":"Default","region":"RegionOne",
                   "project":"dev","placement":{"type":"static","network":"private","subnet":"private-subnet"}},
                 "podCidr":"192.168.0.0/16","serviceCidr":"10.96.0.0/12"}""".formatted(sim.identityEndpoint()));
        assertThat(gw.status()).as(gw.body()).isEqualTo(201);
        ensureProfile("it-cl-profile");
        ClusterSpec spec = with(spec("it-holder"), b -> b.account("it-cl-gw").profile("it-cl-profile"));
        assertThat(create(spec).status()).isEqualTo(202);

        Api.Response account = api.call("DELETE", "/api/v1/cloud-accounts/it-cl-gw", ADMIN_KEY, null);
        assertThat(account.status()).isEqualTo(409);
        assertThat(account.body()).contains("default/it-holder");
        Api.Response gateway = api.call("DELETE", "/api/v1/gateways/it-cl-gw", ADMIN_KEY, null);
        assertThat(gateway.status()).isEqualTo(409);
        assertThat(gateway.body()).contains("default/it-holder");
        Api.Response profile = api.call("DELETE", "/api/v1/cluster-profiles/it-cl-profile", ADMIN_KEY, null);
        assertThat(profile.status()).isEqualTo(409);
        assertThat(profile.body()).contains("it-holder");

        jdbc.sql("update cluster set status = 'Deleted', live_name = null where name = 'it-holder'").update();
        assertThat(api.call("DELETE", "/api/v1/gateways/it-cl-gw", ADMIN_KEY, null).status()).isEqualTo(204);
        assertThat(api.call("DELETE", "/api/v1/cluster-profiles/it-cl-profile", ADMIN_KEY, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/projects/default/clusters/it-holder", ADMIN_KEY).status()).isEqualTo(404);
    }

    @Test
    void a_cluster_asked_for_while_its_gateway_upgrades_is_accepted_and_queued() {
        Api.Response gw = api.post("/api/v1/gateways", ADMIN_KEY, """
                {"name":"it-up-gw","cloudType":"openstack","mode":"direct","size":1,"shareAcrossProjects":true,
                 "openstack":{"identityEndpoint":"%s","username":"demo","password":"demo","domain":"Default","region":"RegionOne",
                   "project":"dev","placement":{"type":"static","network":"private","subnet":"private-subnet"}},
                 "podCidr":"192.168.0.0/16","serviceCidr":"10.96.0.0/12"}""".formatted(sim.identityEndpoint()));
        assertThat(gw.status()).as(gw.body()).isEqualTo(201);
        jdbc.sql("update gateway set software_version = '0.9.0' where name = 'it-up-gw'").update();
        assertThat(api.post("/api/v1/gateways/it-up-gw/upgrade", ADMIN_KEY, "{\"version\":\"1.0.0\"}").status()).isEqualTo(202);

        Api.Response r = create(with(spec("it-queued"), b -> b.account("it-up-gw")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(json(r).get("status").asString()).isEqualTo("Pending");
        assertThat(json(r).get("statusDetail").asString()).isEqualTo("queued until gateway it-up-gw finishes upgrading");
    }

    @Test
    void an_account_of_another_project_cannot_carry_a_cluster() {
        fixtures.project("cl-acct-q");
        Api.Response acct = api.post("/api/v1/cloud-accounts", ADMIN_KEY, """
                {"name":"it-q-account","username":"demo","password":"demo","identityEndpoint":"%s","parentRegion":"RegionOne",
                 "defaultDomain":"Default","defaultProject":"dev","scope":"project","project":"cl-acct-q"}"""
                .formatted(sim.identityEndpoint()));
        assertThat(acct.status()).as(acct.body()).isEqualTo(201);
        Api.Response r = create(with(spec("it-wrong-acct"), b -> b.account("it-q-account")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(message(r, "cloudAccount")).contains("belongs to another project");
        assertThat(stored("it-wrong-acct")).isZero();
    }
}
