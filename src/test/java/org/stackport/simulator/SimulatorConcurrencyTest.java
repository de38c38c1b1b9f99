package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 50 threads create and delete servers and ports for a while (a minute by default; set
 * {@code -Dstackport.concurrency.seconds=N}); afterwards the inventory equals creates minus deletes and
 * the quota usage derived from live resources matches what is left.
 */
class SimulatorConcurrencyTest {

    @Test
    void fifty_threads_creating_and_deleting_leave_consistent_state_and_quota_usage() throws Exception {
        long seconds = Long.getLong("stackport.concurrency.seconds", 60);
        try (OpenStackSimulator sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), Clock.systemUTC())) {
            SimClient.liftServerQuotas(sim);
            SimClient client = new SimClient(sim, "demo", "demo");
            String flavor = client.flavorId("m1.small");
            String image = client.imageId("ubuntu-22.04");
            String network = client.networkId("private");
            int serversBefore = sim.inventory("server").size();
            int portsBefore = sim.inventory("port").size();

            AtomicInteger serversCreated = new AtomicInteger();
            AtomicInteger serversDeleted = new AtomicInteger();
            AtomicInteger portsCreated = new AtomicInteger();
            AtomicInteger portsDeleted = new AtomicInteger();
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    int i = 0;
                    while (System.nanoTime() < until) {
                        i++;
                        try {
                            if (thread % 2 == 0) {
                                String id = client.createServer("load-" + thread + "-" + i, flavor, image, network);
                                serversCreated.incrementAndGet();
                                if (i % 3 != 0) {
                                    int status = client.call("DELETE", "/compute/v2.1/servers/" + id, null).status();
                                    if (status == 204) {
                                        serversDeleted.incrementAndGet();
                                    } else {
                                        errors.add("server delete " + status);
                                    }
                                }
                            } else {
                                SimClient.Answer port = client.call("POST", "/network/v2.0/ports",
                                        "{\"port\":{\"network_id\":\"" + network + "\",\"name\":\"load-" + thread + "-" + i + "\"}}");
                                if (port.status() != 201) {
                                    errors.add("port create " + port.status() + " " + port.body());
                                    continue;
                                }
                                portsCreated.incrementAndGet();
                                if (i % 3 != 0) {
                                    int status = client.call("DELETE", "/network/v2.0/ports/" + port.body().get("port").get("id").asString(), null).status();
                                    if (status == 204) {
                                        portsDeleted.incrementAndGet();
                                    } else {
                                        errors.add("port delete " + status);
                                    }
                                }
                            }
                        } catch (RuntimeException e) {
                            errors.add(e.toString());
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            pool.shutdown();
            // Nova finishes the last deletes a moment after answering them
            Thread.sleep(SimulatorSettings.fast().serverDelete().plusMillis(200));

            assertThat(errors).as("errors during the run").isEmpty();
            int liveServers = serversCreated.get() - serversDeleted.get();
            int liveStandalonePorts = portsCreated.get() - portsDeleted.get();
            assertThat(serversCreated.get()).as("work was done").isPositive();
            assertThat(sim.inventory("server")).hasSize(serversBefore + liveServers);
            // every live server keeps the one port Nova made for it
            assertThat(sim.inventory("port")).hasSize(portsBefore + liveServers + liveStandalonePorts);
            assertThat(sim.quotaUsage("dev", "instances")).isEqualTo(serversBefore + liveServers);
            assertThat(sim.quotaUsage("dev", "cores")).isEqualTo(serversBefore + liveServers);
            assertThat(sim.quotaUsage("dev", "port")).isEqualTo(sim.inventory("port").stream()
                    .filter(p -> sim.projectId("dev").equals(p.projectId())).count());
            System.out.printf("concurrency: %d s, %d servers created, %d deleted, %d ports created, %d deleted%n",
                    seconds, serversCreated.get(), serversDeleted.get(), portsCreated.get(), portsDeleted.get());
        }
    }
}
