package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Octavia finds objects whatever their project and then refuses other projects' ones (403), as Octavia's API does. */
class OctaviaAccessTest {

    OpenStackSimulator sim;
    SimClient owner;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), new ManualClock(Instant.parse("2026-03-01T10:00:00Z")));
        owner = new SimClient(sim, "demo", "demo");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** A member (not admin) of project admin: another project than dev's. */
    String outsiderToken() throws Exception {
        sim.addUser("outsider", "Outsider-pass-1", "member", "admin");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.identityEndpoint()
                        + "/auth/tokens")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                        .ofString("""
                                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"outsider",
                                "domain":{"name":"Default"},"password":"Outsider-pass-1"}}},"scope":{"project":{
                                "name":"admin","domain":{"name":"Default"}}}}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    HttpResponse<String> as(String token, String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("X-Auth-Token", token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void another_projects_load_balancer_is_forbidden_not_hidden_and_an_unknown_one_is_not_found() throws Exception {
        String subnet = owner.call("GET", "/network/v2.0/subnets?name=private-subnet", null).body().get("subnets").get(0)
                .get("id").asString();
        String id = owner.call("POST", "/load-balancer/v2/lbaas/loadbalancers",
                "{\"loadbalancer\":{\"name\":\"mine\",\"vip_subnet_id\":\"" + subnet + "\"}}").body().get("loadbalancer")
                .get("id").asString();
        String outsider = outsiderToken();

        HttpResponse<String> foreign = as(outsider, "GET", "/load-balancer/v2/lbaas/loadbalancers/" + id);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).isEqualTo(
                "{\"faultcode\":\"Client\",\"faultstring\":\"Policy does not allow this request to be performed.\",\"debuginfo\":null}");
        assertThat(as(outsider, "DELETE", "/load-balancer/v2/lbaas/loadbalancers/" + id).statusCode()).isEqualTo(403);
        assertThat(as(outsider, "GET", "/load-balancer/v2/lbaas/loadbalancers/no-such-id").statusCode()).isEqualTo(404);
        assertThat(as(outsider, "GET", "/load-balancer/v2/lbaas/loadbalancers").body()).doesNotContain(id);
        assertThat(owner.call("GET", "/load-balancer/v2/lbaas/loadbalancers/" + id, null).status()).isEqualTo(200);
    }
}
