package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Figures, not assertions about speed. Run with
 * {@code mvn -B test -Dtest=SimulatorBenchmark -Dstackport.benchmark=true}
 * (optional: {@code -Dstackport.benchmark.seconds=20 -Dstackport.benchmark.threads=16}).
 */
class SimulatorBenchmark {

    @Test
    void server_create_get_delete_throughput_and_memory_per_live_resource() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("stackport.benchmark"), "benchmark: run with -Dstackport.benchmark=true");
        int seconds = Integer.getInteger("stackport.benchmark.seconds", 15);
        int threads = Integer.getInteger("stackport.benchmark.threads", 16);
        try (OpenStackSimulator sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), Clock.systemUTC())) {
            SimClient.liftServerQuotas(sim);
            SimClient client = new SimClient(sim, "demo", "demo");
            String flavor = client.flavorId("m1.small");
            String image = client.imageId("ubuntu-22.04");
            String network = client.networkId("private");

            // warm-up
            runCycles(client, flavor, image, network, 4, Duration.ofSeconds(3));
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            long cycles = runCycles(client, flavor, image, network, threads, Duration.ofSeconds(seconds), latencies);
            double elapsed = (System.nanoTime() - started) / 1e9;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("BENCHMARK simulator: %d threads, %.1f s: %d create+get+delete cycles = %.0f cycles/s = %.0f requests/s; "
                            + "cycle latency p50 %.1f ms, p99 %.1f ms%n",
                    threads, elapsed, cycles, cycles / elapsed, 3 * cycles / elapsed,
                    sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6);

            long before = usedHeapAfterGc();
            int servers = 5_000;
            for (int i = 0; i < servers; i++) {
                client.createServer("mem-" + i, flavor, image, network);
            }
            int live = sim.inventory().size();
            long after = usedHeapAfterGc();
            System.out.printf("BENCHMARK simulator memory: %d servers with their ports = %d live resources in all; "
                            + "heap %.1f MB before, %.1f MB after (+%.1f MB, %.0f bytes per added resource)%n",
                    servers, live, before / 1e6, after / 1e6, (after - before) / 1e6, (after - before) / (2.0 * servers));
            assertThat(live).isGreaterThanOrEqualTo(2 * servers);
        }
    }

    private static long runCycles(SimClient client, String flavor, String image, String network, int threads, Duration duration) throws Exception {
        return runCycles(client, flavor, image, network, threads, duration, null);
    }

    private static long runCycles(SimClient client, String flavor, String image, String network, int threads, Duration duration,
                                  List<Long> latencies) throws Exception {
        long until = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                long n = 0;
                while (System.nanoTime() < until) {
                    long s = System.nanoTime();
                    String id = client.createServer("bench-" + thread + "-" + n, flavor, image, network);
                    client.call("GET", "/compute/v2.1/servers/" + id, null);
                    client.call("DELETE", "/compute/v2.1/servers/" + id, null);
                    if (latencies != null) {
                        latencies.add(System.nanoTime() - s);
                    }
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> f : results) {
            total += f.get();
        }
        pool.shutdown();
        return total;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
