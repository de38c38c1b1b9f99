package org.stackport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stackport.cluster.ClusterService;
import org.stackport.cluster.ClusterSpec;
import org.stackport.cluster.ProfileFixture;
import org.stackport.gateway.FirstGateway;
import org.stackport.gateway.GatewayRegistration;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimSnapshot;
import org.stackport.simulator.SimulatorSettings;
import org.stackport.support.InstanceMain;
import org.stackport.support.RunAs;
import org.stackport.support.TestApplication;
import org.stackport.support.TestPostgres;

/**
 * Two Stackport instances on one PostgreSQL share the work through clustered Quartz: twenty clusters deploy with no
 * resource made twice, and when one instance stops in the middle, the other carries its clusters on; then all are
 * deleted with nothing left. The instances are processes of their own (as in production: Quartz keeps per-JVM state
 * under the scheduler's name); this test's own context only asks for the clusters and watches.
 */
class ProvisioningClusteredIT {

    static final int CLUSTERS = 20;
    static final String SCHEDULER = "stackport-clustered-it";

    @TempDir
    Path dir;

    @Test
    void two_instances_deploy_twenty_clusters_without_duplicates_and_one_carries_on_when_the_other_stops() throws Exception {
        try (TestPostgres postgres = TestPostgres.start();
             OpenStackSimulator sim = OpenStackSimulator.start(0, new SimulatorSettings(Duration.ofHours(1),
                     Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMillis(500),
                     Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500),
                     Duration.ofMillis(300)), Clock.systemUTC())) {
            List<String> common = new ArrayList<>(postgres.springArguments());
            common.addAll(List.of("--stackport.data-dir=" + dir, "--stackport.simulator.enabled=false",
                    "--spring.quartz.properties.org.quartz.scheduler.instanceName=" + SCHEDULER));
            Map.of("instances", 200, "cores", 400, "ram", 800_000, "volumes", 200, "server_groups", 100,
                    "security_group", 100, "security_group_rule", 2000, "port", 500, "server_group_members", 10)
                    .forEach((k, v) -> sim.setQuota("dev", k, v));
            SimSnapshot before = sim.snapshot();

            try (ConfigurableApplicationContext watcher = TestApplication.start(common.toArray(String[]::new))) {
                watcher.getBean(FirstGateway.class).registerIfNone(new GatewayRegistration("pg-gateway", "openstack", 1,
                        true, new GatewayRegistration.OpenStack(sim.identityEndpoint(), "demo", "demo", false, null,
                        "Default", "RegionOne", "dev", new GatewayRegistration.Placement("static", "private",
                        "private-subnet", List.of(), null), null, "nova", false, false),
                        null, "192.168.0.0/16", "10.96.0.0/12", "pg-account"));
                watcher.getBean(ProfileFixture.class).ensure("pg-profile");
                JdbcClient jdbc = watcher.getBean(JdbcClient.class);
                ClusterService clusters = watcher.getBean(ClusterService.class);

                Process a = instance("a", common);
                Process b = instance("b", common);
                try {
                    RunAs.admin(() -> {
                        for (int i = 0; i < CLUSTERS; i++) {
                            clusters.create("default", spec("pg-" + i));
                        }
                    });
                    waitUntil(() -> jdbc.sql("select count(distinct instance_name) from qrtz_scheduler_state "
                            + "where sched_name = ?").param(SCHEDULER).query(Long.class).single() >= 2, "both instances in the cluster");
                    waitUntil(() -> jdbc.sql("select count(*) from provisioning_step where state = 'done'")
                            .query(Long.class).single() >= CLUSTERS * 4, "work under way");
                    long runningWhenStopped = count(jdbc, "Running");
                    stop(a);
                    assertThat(runningWhenStopped).as("instance a stopped in the middle").isLessThan(CLUSTERS);

                    waitUntil(() -> count(jdbc, "Running") == CLUSTERS || count(jdbc, "Failed") > 0,
                            "instance b finishes what a left");
                    assertThat(count(jdbc, "Running")).as(jdbc.sql("select name, status, status_detail from cluster "
                            + "where name like 'pg-%'").query().listOfRows().toString()).isEqualTo(CLUSTERS);

                    Map<String, Long> byName = sim.inventory().stream().filter(r -> r.name() != null && r.name().startsWith("sp-"))
                            .collect(Collectors.groupingBy(r -> r.kind() + " " + r.name(), Collectors.counting()));
                    assertThat(byName.entrySet().stream().filter(e -> e.getValue() > 1).toList()).as("made twice").isEmpty();
                    assertThat(sim.inventory("server").stream().filter(s -> s.name().startsWith("sp-")).toList())
                            .hasSize(CLUSTERS * 2).allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));

                    RunAs.admin(() -> {
                        for (int i = 0; i < CLUSTERS; i++) {
                            clusters.delete("default", "pg-" + i);
                        }
                    });
                    waitUntil(() -> count(jdbc, "Deleted") == CLUSTERS, "all deleted");
                } finally {
                    stop(a);
                    stop(b);
                }
            }
            assertThat(before.diff(sim.snapshot()).created()).as("left in the cloud").isEmpty();
            assertThat(sim.orphans()).isEmpty();
        }
    }

    Process instance(String name, List<String> common) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), InstanceMain.class.getName()));
        command.addAll(common);
        command.add("--spring.quartz.auto-startup=true");
        Path log = dir.resolve("instance-" + name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant end = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.readString(log).contains("STACKPORT INSTANCE READY")) {
            assertThat(p.isAlive()).as("instance " + name + " died: " + Files.readString(log)).isTrue();
            assertThat(Instant.now()).as("instance " + name + " did not start").isBefore(end);
            Thread.sleep(200);
        }
        return p;
    }

    static void stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy(); // SIGTERM: the context closes, a running pass finishes first
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    static long count(JdbcClient jdbc, String status) {
        return jdbc.sql("select count(*) from cluster where name like 'pg-%' and status = ?").param(status)
                .query(Long.class).single();
    }

    static void waitUntil(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofMinutes(4));
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(end);
            Thread.sleep(250);
        }
    }

    static ClusterSpec spec(String name) {
        return new ClusterSpec(name, "two instances", List.of(), "pg-profile", Map.of(), "pg-account",
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "private", "private-subnet",
                        null, null),
                new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m1.small", List.of("az1"), 20),
                List.of(new ClusterSpec.WorkerPool("workers", 1, new ClusterSpec.Autoscaler(false, null, null),
                        "expand-first", Map.of(), List.of(), "m1.small", List.of("az2"), 20)),
                new ClusterSpec.Policies(false, false, null, null));
    }
}
