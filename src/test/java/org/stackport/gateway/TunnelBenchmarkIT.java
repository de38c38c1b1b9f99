package org.stackport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.account.AccountSecrets;
import org.stackport.openstack.CloudCredentials;
import org.stackport.openstack.ComputeApi;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tunnel costs: the same cloud call made directly and through an agent gateway (the agent run as its own
 * process from the packaged jar, as on a gateway node), p50 and p99 of each; and the agent process's memory after it
 * carried them. Run with
 * {@code bin/test -Dit.test=TunnelBenchmarkIT -Dstackport.benchmark=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 * (optional {@code -Dstackport.benchmark.calls=2000}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TunnelBenchmarkIT {

    static final String KEY = "sp-test-bootstrap-key-0123456789";

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayTunnels tunnels;
    @Autowired
    AccountSecrets secrets;
    @Autowired
    ComputeApi compute;

    @Test
    void a_cloud_call_through_the_tunnel_against_the_same_call_made_directly() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("stackport.benchmark"), "benchmark: run with -Dstackport.benchmark=true");
        int calls = Integer.getInteger("stackport.benchmark.calls", 1000);
        Path jar = Path.of("target/stackport.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "needs the packaged jar (mvn package)");
        Api api = new Api(port);
        Api.Response r = api.post("/api/v1/gateways", KEY, """
                {"name":"bench-gw","cloudType":"openstack","size":1,
                 "openstack":{"identityEndpoint":"%s","username":"demo","password":"demo","domain":"Default","region":"RegionOne",
                   "project":"dev","placement":{"type":"static","network":"private","subnet":"private-subnet"}},
                 "podCidr":"192.168.0.0/16","serviceCidr":"10.96.0.0/12"}""".formatted(launcher.simulator().identityEndpoint()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String token = JsonMapper.builder().build().readTree(r.body()).get("agentToken").asString();
        long id = jdbc.sql("select id from gateway where name = 'bench-gw'").query(Long.class).single();
        Path tokenFile = Files.createTempFile("bench-token", "");
        Files.writeString(tokenFile, token);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(System.getProperty("stackport.benchmark.agent-jvm", "-Xmx128m -XX:+UseSerialGC -Xss256k").split(" ")));
        command.addAll(List.of("-jar", jar.toString(), "gateway", "agent", "--console", "http://127.0.0.1:" + port,
                "--token-file", tokenFile.toString(), "--node-name", "bench-node", "--address", "10.0.0.99", "--heartbeat", "1s"));
        Process agent = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench-agent.log").toFile()).start();
        try {
            Instant end = Instant.now().plusSeconds(60);
            while (tunnels.linksOf(id).isEmpty()) {
                assertThat(Instant.now()).as("agent connected").isBefore(end);
                Thread.sleep(100);
            }
            CloudCredentials routed = secrets.credentials(tenant(id), "bench-gw").orElseThrow();
            CloudCredentials direct = routed.via(null);
            assertThat(routed.route()).isNotNull();
            long[] viaDirect = measure(direct, calls);
            long[] viaTunnel = measure(routed, calls);
            // new connections: a TCP connect to Keystone against a connection opened through the tunnel
            URI keystone = URI.create(launcher.simulator().identityEndpoint());
            long[] connectDirect = new long[300];
            long[] connectTunnel = new long[300];
            for (int i = 0; i < 300; i++) {
                long t0 = System.nanoTime();
                try (Socket s = new Socket(keystone.getHost(), keystone.getPort())) {
                    connectDirect[i] = System.nanoTime() - t0;
                }
                t0 = System.nanoTime();
                try (org.stackport.tunnel.TunnelStream s = tunnels.open(id, keystone.getHost(), keystone.getPort())) {
                    connectTunnel[i] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(connectDirect);
            Arrays.sort(connectTunnel);
            System.out.printf("BENCHMARK new connection: direct p50 %.2f ms p99 %.2f ms; through the tunnel p50 %.2f ms "
                    + "p99 %.2f ms%n", ms(connectDirect, 50), ms(connectDirect, 99), ms(connectTunnel, 50),
                    ms(connectTunnel, 99));
            long rssKb = status(agent.pid(), "VmRSS");
            long peakKb = status(agent.pid(), "VmHWM");
            System.out.printf("BENCHMARK tunnel: %d calls (GET flavors/detail) each way%n", calls);
            System.out.printf("BENCHMARK direct  p50 %.2f ms  p99 %.2f ms%n", ms(viaDirect, 50), ms(viaDirect, 99));
            System.out.printf("BENCHMARK tunnel  p50 %.2f ms  p99 %.2f ms  (overhead p50 %.2f ms, p99 %.2f ms)%n",
                    ms(viaTunnel, 50), ms(viaTunnel, 99), ms(viaTunnel, 50) - ms(viaDirect, 50),
                    ms(viaTunnel, 99) - ms(viaDirect, 99));
            System.out.printf("BENCHMARK agent process memory (%s): RSS %d MiB, peak RSS %d MiB%n",
                    System.getProperty("stackport.benchmark.agent-jvm", "-Xmx128m -XX:+UseSerialGC -Xss256k"), rssKb / 1024, peakKb / 1024);
        } finally {
            agent.destroy();
            agent.waitFor();
            Files.deleteIfExists(tokenFile);
        }
    }

    long tenant(long gatewayId) {
        return jdbc.sql("select tenant_id from gateway where id = ?").param(gatewayId).query(Long.class).single();
    }

    long[] measure(CloudCredentials c, int calls) {
        for (int i = 0; i < 50; i++) {
            compute.flavors(c);
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            compute.flavors(c);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }

    static long status(long pid, String field) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/" + pid + "/status")));
        return lines.stream().filter(l -> l.startsWith(field + ":")).map(l -> l.replaceAll("[^0-9]", ""))
                .mapToLong(Long::parseLong).findFirst().orElse(-1);
    }
}
