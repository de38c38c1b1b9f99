package org.stackport.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

/**
 * A cluster's placement names a domain, project and region of the account's cloud: one the account cannot reach
 * is the user's mistake (422 on that field, naming what it can reach); a cloud that fails to answer is a 502.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ClusterPlacementIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROFILE = "placement-it-profile";

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
        if (api.get("/api/v1/cluster-profiles/" + PROFILE, ADMIN_KEY).status() != 200) {
            Api.Response r = api.post("/api/v1/cluster-profiles", ADMIN_KEY, ProfileFixture.body(api, ADMIN_KEY, PROFILE));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @AfterEach
    void tearDown() {
        sim.clearFaults();
    }

    static ClusterSpec spec(String name, String domain, String region, String project) {
        return new ClusterSpec(name, null, List.of(), PROFILE, Map.of(), "local-openstack",
                new ClusterSpec.Placement(domain, region, project, "demo-key", "static", "private", "private-subnet", null, null),
                new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m1.small", List.of("az1"), 20),
                List.of(new ClusterSpec.WorkerPool("workers", 1, null, "expand-first", Map.of(), List.of(), "m1.small",
                        List.of("az1"), 20)), null);
    }

    static String message(Api.Response r, String field) {
        for (JsonNode e : JSON.readTree(r.body()).get("errors")) {
            if (e.get("field").asString().equals(field)) {
                return e.get("message").asString();
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "domain,  Elsewhere, RegionOne, dev,     placement.domain,  Default",
            "project, Default,   RegionOne, nowhere, placement.project, dev",
            "region,  Default,   123,       dev,     placement.region,  RegionOne"})
    void a_placement_the_account_cannot_reach_is_a_422_on_its_field_naming_the_choices(
            String what, String domain, String region, String project, String field, String choice) {
        String name = "pl-" + what;
        for (String path : List.of("/api/v1/projects/default/clusters/review", "/api/v1/projects/default/clusters")) {
            Api.Response r = api.post(path, ADMIN_KEY, JSON.writeValueAsString(spec(name, domain, region, project)));
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(422);
            assertThat(message(r, field)).as(r.body()).contains(choice).doesNotContain("credentials");
        }
        assertThat(jdbc.sql("select count(*) from cluster where name = :n").param("n", name).query(Long.class).single()).isZero();
    }

    @Test
    void a_cloud_that_fails_to_answer_is_still_a_502() {
        // an account of its own, so no cached inventory answers for the cloud
        if (api.get("/api/v1/cloud-accounts/pl-fresh", ADMIN_KEY).status() != 200) {
            Api.Response a = api.post("/api/v1/cloud-accounts", ADMIN_KEY, """
                    {"name":"pl-fresh","username":"demo","password":"demo","identityEndpoint":"%s","parentRegion":"RegionOne",
                     "defaultDomain":"Default","defaultProject":"dev","scope":"tenant"}""".formatted(sim.identityEndpoint()));
            assertThat(a.status()).as(a.body()).isEqualTo(201);
        }
        sim.failNext("GET", "/compute/v2.1/flavors/detail", 50, 503);
        ClusterSpec spec = spec("pl-down", "Default", "RegionOne", "dev");
        spec = new ClusterSpec(spec.name(), null, List.of(), PROFILE, Map.of(), "pl-fresh", spec.placement(), spec.masterPool(),
                spec.workerPools(), null);
        Api.Response r = api.post("/api/v1/projects/default/clusters/review", ADMIN_KEY, JSON.writeValueAsString(spec));
        assertThat(r.status()).as(r.body()).isEqualTo(502);
    }
}
