package org.stackport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.simulator.SimulatorLauncher;

/**
 * {@code stackport pcg install} against the running console: the seed's prompts answered on standard input,
 * pcg.yaml saved with its secrets encrypted, the gateway registered; then "Edit and Redeploy" from the file,
 * and a refusal printed field by field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PcgInstallIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    CliRun run(String input, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "pcg";
        all[1] = "install";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(input, all);
    }

    String answers(String name, String subnet) {
        return String.join("\n", name, "y", "https://pu:Cli-Proxy-Pw-3@proxy.example:3128", "http://proxy.example:3128",
                "10.0.0.0/8, .internal", "", "", "", launcher.simulator().identityEndpoint(), "demo", "demo", "n", "", "", "",
                "dev", "static", "private", subnet, "", "n", "nova", "1") + "\n";
    }

    @Test
    void the_prompts_register_a_gateway_save_pcg_yaml_encrypted_and_the_file_redeploys_it() throws Exception {
        CliRun first = run(answers("cli-gw", "private-subnet"), "--server", "http://localhost:" + port, "--api-key", ADMIN_KEY,
                "--dir", dir.toString(), "--key-file", dir.resolve("cli.key").toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Private Cloud Gateway Name [openstack-pcg-1]: ", "Pod CIDR [192.168.0.0/16]: ",
                "==== PCG config saved ====", "Registered gateway cli-gw: Installing, cloud account cli-gw.");
        Path yaml = dir.resolve("pcg.yaml");
        String saved = Files.readString(yaml);
        assertThat(saved).contains("name: cli-gw", "password: enc:", "apiKey: enc:", "podCidr: 192.168.0.0/16")
                .doesNotContain("Cli-Proxy-Pw-3", ADMIN_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cli.key")))).isEqualTo("rw-------");
        assertThat(jdbc.sql("select count(*) from cloud_account where name = 'cli-gw'").query(Long.class).single()).isOne();

        Files.writeString(yaml, saved.replace("podCidr: 192.168.0.0/16", "podCidr: 172.30.0.0/16"));
        CliRun again = run("", "--server", "http://localhost:" + port, "--config-file", yaml.toString(),
                "--key-file", dir.resolve("cli.key").toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("Redeploying gateway cli-gw: Installing");
        assertThat(jdbc.sql("select settings from gateway where name = 'cli-gw'").query(String.class).single())
                .contains("172.30.0.0/16").doesNotContain("Cli-Proxy-Pw-3");
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void pcg_install_registers_an_agent_gateway_whose_node_is_installed_into_openstack_and_connects() throws Exception {
        CliRun run = run(answers("cli-agent-gw", "private-subnet"), "--server", "http://localhost:" + port, "--api-key",
                ADMIN_KEY, "--dir", dir.toString(), "--key-file", dir.resolve("cli.key").toString());
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Registered gateway cli-agent-gw: Installing", "Stackport installs the gateway's 1 node(s)",
                "Agent token (shown this once");
        long id = jdbc.sql("select id from gateway where name = 'cli-agent-gw'").query(Long.class).single();
        // the install's passes, as the Quartz job runs them (the test profile does not start Quartz)
        var passes = context.getBean(org.stackport.gateway.internal.GatewayInstallJob.Passes.class);
        java.time.Instant end = java.time.Instant.now().plusSeconds(60);
        while (passes.pass(id).isPresent()) {
            assertThat(java.time.Instant.now()).isBefore(end);
            Thread.sleep(200);
        }
        assertThat(jdbc.sql("select status from gateway where id = ?").param(id).query(String.class).single())
                .isEqualTo("Running");
        String uid = jdbc.sql("select uid from gateway where id = ?").param(id).query(String.class).single();
        assertThat(launcher.simulator().inventory()).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo("server");
            assertThat(r.name()).isEqualTo("spgw-" + uid.substring(0, 8) + "-0");
            assertThat(r.status()).isEqualTo("ACTIVE");
        });
        assertThat(launcher.simulator().gatewayAgents()).containsKey("spgw-" + uid.substring(0, 8) + "-0");
        assertThat(jdbc.sql("select count(*) from gateway_node where gateway_id = ? and status = 'Connected'").param(id)
                .query(Long.class).single()).isOne();
        // the proxy settings reached the node: its user data carries them for the agent's JVM
        // (the agent itself connects directly here: the simulated machine has no proxy to go through)
        org.stackport.support.Api api = new org.stackport.support.Api(port);
        assertThat(api.call("DELETE", "/api/v1/gateways/cli-agent-gw", ADMIN_KEY, null).status()).isEqualTo(204);
        end = java.time.Instant.now().plusSeconds(60);
        while (passes.pass(id).isPresent()) {
            assertThat(java.time.Instant.now()).isBefore(end);
            Thread.sleep(200);
        }
        assertThat(jdbc.sql("select count(*) from gateway where id = ?").param(id).query(Long.class).single()).isZero();
    }

    @Test
    void a_refusal_is_printed_field_by_field_and_says_how_to_retry() {
        CliRun refused = run(answers("cli-refused", "nowhere"), "--server", "http://localhost:" + port, "--api-key", ADMIN_KEY,
                "--dir", dir.toString(), "--key-file", dir.resolve("cli.key").toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("Stackport refused the gateway (422):",
                "openstack.placement.subnet: network private has no subnet 'nowhere'",
                "pcg install --config-file " + dir.resolve("pcg.yaml"));
        assertThat(refused.all()).doesNotContain("Exception", "\tat ");
        assertThat(jdbc.sql("select count(*) from gateway where name = 'cli-refused'").query(Long.class).single()).isZero();
    }

    @Test
    void a_wrong_api_key_is_refused_before_anything_is_registered() {
        CliRun refused = run(answers("cli-wrong-key", "private-subnet"), "--server", "http://localhost:" + port,
                "--api-key", "sp-not-a-key", "--dir", dir.toString(), "--key-file", dir.resolve("cli.key").toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).startsWith("Stackport refused the API key (401):")
                .contains("run: pcg install --config-file " + dir.resolve("pcg.yaml"));
        assertThat(refused.all()).doesNotContain("Exception", "\tat ");
        assertThat(jdbc.sql("select count(*) from gateway where name = 'cli-wrong-key'").query(Long.class).single()).isZero();
    }
}
