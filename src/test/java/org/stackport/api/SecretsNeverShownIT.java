package org.stackport.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.gateway.GatewayHealth;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;

/**
 * Cloud passwords and proxy passwords go in, through every gateway and cloud account endpoint, good and
 * refused; then every REST answer, every log line, the audit trail and the stored rows are searched for them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverShownIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayHealth health;

    @Test
    void no_secret_appears_in_answers_logs_audit_or_clear_text_columns(CapturedOutput output) {
        String run = Integer.toString(ThreadLocalRandom.current().nextInt(46656, 1679616), 36).toLowerCase(Locale.ROOT);
        String user = "keeper-" + run;
        String password = "Cloud-Pw-" + run + "-Q7";
        String rotated = "Rotated-Pw-" + run + "-Z3";
        String wrong = "Wrong-Pw-" + run + "-X1";
        String proxyPassword = "Proxy-Pw-" + run + "-K9";
        List<String> secrets = List.of(password, rotated, wrong, proxyPassword);
        OpenStackSimulator sim = launcher.simulator();
        sim.addUser(user, password, "member", "dev");
        Api api = new Api(port);
        List<Api.Response> answers = new ArrayList<>();
        String gateway = "secret-gw-" + run;

        String registration = """
                {"name":"%s","cloudType":"openstack","size":1,"shareAcrossProjects":true,
                 "openstack":{"identityEndpoint":"%s","username":"%s","password":"%s","domain":"Default","region":"RegionOne",
                   "project":"dev","placement":{"type":"static","network":"private","subnet":"private-subnet"},"availabilityZone":"nova"},
                 "proxy":{"https":"https://proxyuser:%s@proxy.example:3128","http":"http://proxyuser:%s@proxy.example:3128","noProxy":[]},
                 "podCidr":"192.168.0.0/16","serviceCidr":"10.96.0.0/12"}""";
        answers.add(api.post("/api/v1/gateways", ADMIN_KEY,
                registration.formatted(gateway, sim.identityEndpoint(), user, wrong, proxyPassword, proxyPassword)));
        assertThat(answers.getLast().status()).isEqualTo(422);
        answers.add(api.post("/api/v1/gateways/probe", ADMIN_KEY, """
                {"identityEndpoint":"%s","username":"%s","password":"%s","domain":"Default","region":"RegionOne","project":"dev"}"""
                .formatted(sim.identityEndpoint(), user, password)));
        assertThat(answers.getLast().status()).isEqualTo(200);
        answers.add(api.post("/api/v1/gateways", ADMIN_KEY,
                registration.formatted(gateway, sim.identityEndpoint(), user, password, proxyPassword, proxyPassword)));
        assertThat(answers.getLast().status()).as(answers.getLast().body()).isEqualTo(201);
        health.check(jdbc.sql("select id from gateway where name = :n").param("n", gateway).query(Long.class).single());

        String account = "secret-acct-" + run;
        String body = """
                {"name":"%s","gateway":"%s","username":"%s","password":"%s","identityEndpoint":"%s",
                 "parentRegion":"RegionOne","defaultDomain":"Default","defaultProject":"dev","scope":"tenant"}""";
        answers.add(api.post("/api/v1/cloud-accounts", ADMIN_KEY, body.formatted(account, gateway, user, wrong, sim.identityEndpoint())));
        assertThat(answers.getLast().status()).isEqualTo(422);
        answers.add(api.post("/api/v1/cloud-accounts", ADMIN_KEY, body.formatted(account, gateway, user, password, sim.identityEndpoint())));
        assertThat(answers.getLast().status()).isEqualTo(201);
        answers.add(api.call("PUT", "/api/v1/cloud-accounts/" + account, ADMIN_KEY,
                body.formatted(account, gateway, user, rotated, sim.identityEndpoint())));
        assertThat(answers.getLast().status()).as("Keystone refuses a password the user does not have").isEqualTo(422);

        for (String path : List.of("/api/v1/gateways", "/api/v1/gateways/" + gateway, "/api/v1/gateways/" + gateway + "/events",
                "/api/v1/cloud-accounts", "/api/v1/cloud-accounts/" + account, "/api/v1/cloud-accounts/" + account + "/inventory",
                "/api/v1/cloud-accounts/" + account + "/quota", "/api/v1/audit?limit=200")) {
            answers.add(api.get(path, ADMIN_KEY));
            assertThat(answers.getLast().status()).as(path).isEqualTo(200);
        }
        answers.add(api.post("/api/v1/cloud-accounts/" + account + "/validate", ADMIN_KEY, "{}"));
        assertThat(answers.getLast().status()).isEqualTo(200);

        StringBuilder everything = new StringBuilder(output.getAll());
        answers.forEach(a -> everything.append('\n').append(a.body()));
        jdbc.sql("select * from audit_event").query().listOfRows().forEach(r -> everything.append('\n').append(r));
        jdbc.sql("select * from gateway").query().listOfRows().forEach(r -> everything.append('\n').append(r));
        jdbc.sql("select * from gateway_event").query().listOfRows().forEach(r -> everything.append('\n').append(r));
        jdbc.sql("select * from cloud_account").query().listOfRows().forEach(r -> everything.append('\n').append(r));
        jdbc.sql("select * from qrtz_job_details").query().listOfRows().forEach(r -> everything.append('\n').append(r));
        for (String secret : secrets) {
            assertThat(everything.toString()).as("secret %s", secret).doesNotContain(secret);
        }
        assertThat(everything.toString()).contains(gateway).contains(account).contains("proxyuser:********@proxy.example");
    }
}
