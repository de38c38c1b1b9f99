package org.stackport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stackport.cluster.ClusterService;
import org.stackport.cluster.ClusterSpec;
import org.stackport.cluster.ProfileFixture;
import org.stackport.gateway.FirstGateway;
import org.stackport.gateway.GatewayRegistration;
import org.stackport.openstack.CloudCredentials;
import org.stackport.openstack.NetworkApi;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimJournalEntry;
import org.stackport.simulator.SimSnapshot;
import org.stackport.simulator.SimulatorSettings;
import org.stackport.support.RunAs;
import org.stackport.support.TestApplication;

/**
 * Figures, not assertions about speed (docs/benchmarks.md). Stackport runs as in production (Quartz starts the
 * passes) against a simulator that answers every call after {@code stackport.benchmark.latency} (default 50 ms) and
 * takes its default (demo) build times. Run with
 * {@code bin/test -Dit.test=ProvisioningBenchmarkIT -Dstackport.benchmark=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 * (optional {@code -Dstackport.benchmark.clusters=500}).
 */
class ProvisioningBenchmarkIT {

    static final String ACCOUNT = "bench-account";

    @Test
    void one_cluster_against_its_physical_limit_then_many_at_once() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("stackport.benchmark"), "benchmark: run with -Dstackport.benchmark=true");
        Duration latency = Duration.ofMillis(Long.getLong("stackport.benchmark.latency", 50));
        int many = Integer.getInteger("stackport.benchmark.clusters", 500);
        try (OpenStackSimulator sim = OpenStackSimulator.start(0, SimulatorSettings.demo(), Clock.systemUTC());
             ConfigurableApplicationContext app = TestApplication.start("--stackport.simulator.enabled=false",
                     "--spring.quartz.auto-startup=true",
                     "--spring.quartz.properties.org.quartz.scheduler.instanceName=bench-" + UUID.randomUUID())) {
            liftQuotas(sim, many);
            CloudCredentials demo = new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "dev",
                    "RegionOne", false, null);
            NetworkApi networks = app.getBean(NetworkApi.class);
            var net = networks.createNetwork(demo, "bench");
            var subnet = networks.createSubnet(demo, new NetworkApi.SubnetSpec("bench-subnet", net.id(), "10.200.0.0/16",
                    null, List.of()));
            // routed to the external network: each cluster's API gets a floating IP this machine reaches
            var router = networks.createRouter(demo, "bench-router",
                    networks.findExternalNetwork(demo, "public").orElseThrow().id());
            networks.addRouterInterface(demo, router.id(), subnet.id());
            app.getBean(FirstGateway.class).registerIfNone(new GatewayRegistration("bench-gateway", "openstack", 1, true,
                    new GatewayRegistration.OpenStack(sim.identityEndpoint(), "demo", "demo", false, null, "Default",
                            "RegionOne", "dev", new GatewayRegistration.Placement("static", "bench", "bench-subnet",
                            List.of(), null), null, "nova", false, false),
                    null, "192.168.0.0/16", "10.96.0.0/12", ACCOUNT));
            app.getBean(ProfileFixture.class).ensure("bench-profile");
            ClusterService clusters = app.getBean(ClusterService.class);
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            SimSnapshot before = sim.snapshot();
            sim.latency(null, "/*", latency, latency);

            // (a) one cluster of 3 control-plane and 3 worker nodes
            sim.clearJournal();
            Instant t0 = Instant.now();
            RunAs.admin(() -> clusters.create("default", spec("bench-one", 3, 3)));
            Instant accepted = Instant.now();
            waitFor(jdbc, "name = 'bench-one'", "Running", Duration.ofMinutes(5));
            Duration one = Duration.between(t0, Instant.now());
            System.out.printf("%n(a) 3+3 cluster: Running %.1f s after the request (%.1f s after it was accepted), "
                    + "%d cloud calls%n", one.toMillis() / 1000.0, Duration.between(accepted, Instant.now()).toMillis() / 1000.0,
                    sim.journal().size());
            printCalls(sim.journal(), 1);
            RunAs.admin(() -> clusters.delete("default", "bench-one"));
            Instant d0 = Instant.now();
            waitFor(jdbc, "name = 'bench-one'", "Deleted", Duration.ofMinutes(5));
            System.out.printf("(a) delete: %.1f s%n", Duration.between(d0, Instant.now()).toMillis() / 1000.0);

            // (b) many clusters of 1 + 2 nodes at once, then deleted
            sim.clearJournal();
            var threads = ManagementFactory.getThreadMXBean();
            threads.resetPeakThreadCount();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            AtomicLong peakHeap = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Instant m0 = Instant.now();
            // many users at once: 25 requests in flight (each request's preflight reads the cloud)
            try (var users = java.util.concurrent.Executors.newFixedThreadPool(25)) {
                List<java.util.concurrent.Future<?>> asked = new ArrayList<>();
                for (int i = 0; i < many; i++) {
                    String name = "bench-" + i;
                    asked.add(users.submit(() -> RunAs.admin(() -> clusters.create("default", spec(name, 1, 2)))));
                }
                for (var f : asked) {
                    f.get();
                }
            }
            Instant created = Instant.now();
            waitFor(jdbc, "name like 'bench-%' and name <> 'bench-one'", "Running", Duration.ofMinutes(60));
            Instant running = Instant.now();
            List<SimJournalEntry> deployCalls = sim.journal();
            sim.clearJournal();
            RunAs.admin(() -> {
                for (int i = 0; i < many; i++) {
                    clusters.delete("default", "bench-" + i);
                }
            });
            waitFor(jdbc, "name like 'bench-%' and name <> 'bench-one'", "Deleted", Duration.ofMinutes(60));
            Instant deleted = Instant.now();
            sampler.interrupt();
            List<SimJournalEntry> deleteCalls = sim.journal();
            long heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("%n(b) %d clusters of 1+2 nodes: requests accepted in %.1f s; all Running %.1f s after the "
                            + "first request (%.1f s after the last was accepted); all Deleted %.1f s after the delete "
                            + "requests%n", many, Duration.between(m0, created).toMillis() / 1000.0,
                    Duration.between(m0, running).toMillis() / 1000.0, Duration.between(created, running).toMillis() / 1000.0,
                    Duration.between(running, deleted).toMillis() / 1000.0);
            System.out.println("deploy:");
            printCalls(deployCalls, many);
            System.out.println("delete:");
            printCalls(deleteCalls, many);
            System.out.printf("threads: peak %d platform threads in the JVM (steps run on virtual threads); heap: peak "
                            + "%d MiB sampled, %d MiB summed pool peaks; max heap %d MiB%n", threads.getPeakThreadCount(),
                    peakHeap.get() >> 20, heapPools >> 20, Runtime.getRuntime().maxMemory() >> 20);
            sim.clearFaults();
            SimSnapshot.Diff diff = before.diff(sim.snapshot());
            System.out.printf("left in the cloud: %d resource(s); orphans: %d%n", diff.created().size(), sim.orphans().size());
            assertThat(diff.created()).isEmpty();
            networks.removeRouterInterface(demo, router.id(), subnet.id());
            networks.deleteRouter(demo, router.id());
            assertThat(sim.orphans()).isEmpty();
        }
    }

    /** Creates, reads and polls per cluster; polls are reads of one object or the cluster's server list. */
    static void printCalls(List<SimJournalEntry> calls, int clusters) {
        long tokens = calls.stream().filter(c -> c.route().endsWith("/auth/tokens") && c.method().equals("POST")).count();
        long writes = calls.stream().filter(c -> !c.method().equals("GET")).count() - tokens;
        List<SimJournalEntry> gets = calls.stream().filter(c -> c.method().equals("GET")).toList();
        long polls = gets.stream().filter(c -> c.route().endsWith("{id}") || c.route().endsWith("/servers/detail")).count();
        System.out.printf("  per cluster: %.1f creates/changes/deletes, %.1f reads, %.1f polls; Keystone token requests in "
                        + "all: %d; answered 404 (a delete's confirming read): %d, other 4xx/5xx: %d%n", writes / (double) clusters,
                (gets.size() - polls) / (double) clusters, polls / (double) clusters, tokens,
                calls.stream().filter(c -> c.status() == 404).count(),
                calls.stream().filter(c -> c.status() >= 400 && c.status() != 404).count());
    }

    static void waitFor(JdbcClient jdbc, String which, String status, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (true) {
            List<Map<String, Object>> rows = jdbc.sql("select status, count(*) n from cluster where " + which + " group by status")
                    .query().listOfRows();
            boolean done = rows.stream().allMatch(r -> status.equals(r.get("status")));
            if (done) {
                return;
            }
            if (rows.stream().anyMatch(r -> "Failed".equals(r.get("status")))) {
                throw new AssertionError("a cluster failed: " + jdbc.sql("select name, status_detail from cluster where "
                        + which + " and status = 'Failed'").query().listOfRows().getFirst());
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not all " + status + " after " + limit + ": " + rows);
            }
            Thread.sleep(250);
        }
    }

    static void liftQuotas(OpenStackSimulator sim, int clusters) {
        int n = clusters + 10;
        Map<String, Integer> q = Map.ofEntries(Map.entry("instances", 6 * n), Map.entry("cores", 12 * n),
                Map.entry("ram", 12 * 4096 * n), Map.entry("volumes", 6 * n), Map.entry("gigabytes", 200 * n),
                Map.entry("server_groups", 3 * n), Map.entry("port", 8 * n), Map.entry("security_group", 3 * n),
                Map.entry("security_group_rule", 20 * n), Map.entry("floatingip", 2 * n), Map.entry("network", n),
                Map.entry("subnet", n), Map.entry("router", n));
        q.forEach((k, v) -> sim.setQuota("dev", k, v));
    }

    static ClusterSpec spec(String name, int masters, int workers) {
        return new ClusterSpec(name, "benchmark", List.of(), "bench-profile", Map.of(), ACCOUNT,
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "bench", "bench-subnet",
                        null, null),
                new ClusterSpec.MasterPool(masters, false, Map.of(), List.of(), "m1.small", List.of("az1", "az2", "az3"), 20),
                List.of(new ClusterSpec.WorkerPool("workers", workers, new ClusterSpec.Autoscaler(false, null, null),
                        "expand-first", Map.of(), List.of(), "m1.small", List.of("az1", "az2", "az3"), 20)),
                new ClusterSpec.Policies(false, false, null, null));
    }
}
