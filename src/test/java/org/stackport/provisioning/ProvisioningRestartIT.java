package org.stackport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.stackport.support.RunAs;
import org.stackport.support.TestApplication;

/**
 * A restart at any moment loses nothing: Stackport runs as in production (H2 in a file, Quartz started, the engine's
 * jobs in the database) against a cloud that outlives it, and is stopped and started again each time a step is done,
 * while it deploys and while it deletes. Every restart resumes from the journal and the ledger, and in the end the
 * cloud holds nothing of the cluster.
 */
class ProvisioningRestartIT {

    static OpenStackSimulator sim;

    @TempDir
    Path dataDir;
    final String scheduler = "restart-it-" + UUID.randomUUID();

    @BeforeAll
    static void cloud() {
        sim = OpenStackSimulator.start(0, new SimulatorSettings(Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(300)),
                Clock.systemUTC());
    }

    @AfterAll
    static void stopCloud() {
        sim.close();
    }

    ConfigurableApplicationContext start() {
        return TestApplication.start(
                "--stackport.data-dir=" + dataDir,
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("stackport") + ";MODE=PostgreSQL;AUTO_SERVER=FALSE",
                "--stackport.secret-key=",
                "--stackport.simulator.enabled=false",
                // as in production: Quartz runs the passes
                "--spring.quartz.auto-startup=true",
                "--spring.quartz.properties.org.quartz.scheduler.instanceName=" + scheduler);
    }

    @Test
    void stopped_and_started_at_every_step_it_deploys_and_deletes_with_nothing_left() {
        SimSnapshot before = sim.snapshot();
        long id;
        try (ConfigurableApplicationContext app = start()) {
            app.getBean(FirstGateway.class).registerIfNone(new GatewayRegistration("restart-gateway", "openstack", 1, true,
                    new GatewayRegistration.OpenStack(sim.identityEndpoint(), "demo", "demo", false, null, "Default",
                            "RegionOne", "dev", new GatewayRegistration.Placement("static", "private", "private-subnet",
                            List.of(), null), null, "nova", false, false),
                    null, "192.168.0.0/16", "10.96.0.0/12", "restart-account"));
            app.getBean(ProfileFixture.class).ensure("restart-profile");
            RunAs.admin(() -> app.getBean(ClusterService.class).create("default", spec()));
            id = app.getBean(JdbcClient.class).sql("select id from cluster where name = 'restarted'").query(Long.class).single();
        }

        int restarts = restartWhileDone(id, s -> "Running".equals(s), Duration.ofMinutes(3));
        // how many depends on how much a pass gets done before the context has closed (it lets a running pass finish)
        assertThat(restarts).as("restarts while deploying").isGreaterThanOrEqualTo(3);

        try (ConfigurableApplicationContext app = start()) {
            RunAs.admin(() -> app.getBean(ClusterService.class).delete("default", "restarted"));
        }
        int more = restartWhileDone(id, s -> "Deleted".equals(s), Duration.ofMinutes(3));
        assertThat(more).as("restarts while deleting").isGreaterThanOrEqualTo(1);

        assertThat(before.diff(sim.snapshot()).created()).as("left in the cloud").isEmpty();
        assertThat(sim.orphans()).isEmpty();
    }

    /**
     * Starts Stackport, lets Quartz run until one more step is done, stops it; again and again until the cluster's
     * status satisfies {@code done}. Returns how many times it was stopped in the middle.
     */
    int restartWhileDone(long id, Predicate<String> done, Duration limit) {
        Instant end = Instant.now().plus(limit);
        int restarts = 0;
        while (true) {
            try (ConfigurableApplicationContext app = start()) {
                JdbcClient jdbc = app.getBean(JdbcClient.class);
                long steps = doneSteps(jdbc, id);
                while (doneSteps(jdbc, id) == steps && !done.test(status(jdbc, id))) {
                    if (!Instant.now().isBefore(end)) {
                        throw new AssertionError("no step done before the limit; status " + status(jdbc, id) + ", after "
                                + restarts + " restarts\njournal: " + jdbc.sql("select phase, step_key, state, attempts, poll_at, deadline, message "
                                + "from provisioning_step where cluster_id = ? order by seq").param(id).query().listOfRows()
                                + "\ntriggers: " + jdbc.sql("select trigger_name, trigger_state, next_fire_time from "
                                + "qrtz_triggers").query().listOfRows());
                    }
                    sleep(50);
                }
                if (done.test(status(jdbc, id))) {
                    return restarts;
                }
                restarts++;
            }
        }
    }

    static long doneSteps(JdbcClient jdbc, long id) {
        return jdbc.sql("select count(*) from provisioning_step where cluster_id = ? and state = 'done'").param(id)
                .query(Long.class).single();
    }

    static String status(JdbcClient jdbc, long id) {
        return jdbc.sql("select status from cluster where id = ?").param(id).query(String.class).single();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static ClusterSpec spec() {
        return new ClusterSpec("restarted", "survives restarts", List.of(), "restart-profile", Map.of(), "restart-account",
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "private", "private-subnet",
                        null, null),
                new ClusterSpec.MasterPool(1, false, Map.of(), List.of(), "m1.small", List.of("az1"), 20),
                List.of(new ClusterSpec.WorkerPool("workers", 1, new ClusterSpec.Autoscaler(false, null, null),
                        "expand-first", Map.of(), List.of(), "m1.small", List.of("az2"), 20)),
                new ClusterSpec.Policies(false, false, null, null));
    }
}
