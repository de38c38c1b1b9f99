package org.stackport.openstack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.stackport.simulator.ManualClock;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimJournalEntry;
import org.stackport.simulator.SimResource;
import org.stackport.simulator.SimulatorSettings;

/**
 * For contract tests: a simulator of its own on a free port with a manual clock (every transition takes one
 * second), the demo user's credentials for project dev, and the adapter's APIs built without Spring.
 */
final class SimulatedProject implements AutoCloseable {

    final ManualClock clock = new ManualClock(Instant.now());
    final OpenStackSimulator sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
    final CloudSessions sessions = new CloudSessions(OpenStackProperties.defaults(), clock);
    final CloudCredentials demo = new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "dev",
            "RegionOne", false, null);
    final ComputeApi compute = new ComputeApi(sessions);
    final ImageApi images = new ImageApi(sessions);
    final VolumeApi volumes = new VolumeApi(sessions);

    /** Lets every pending transition (BUILD, creating) finish. */
    void settle() {
        clock.advance(Duration.ofSeconds(1));
    }

    String flavorId(String name) {
        return compute.findFlavorByName(demo, name).orElseThrow().id();
    }

    String imageId(String name) {
        return images.findByName(demo, name).orElseThrow().id();
    }

    /** A network of the seed world by name, from the simulator's inventory (no Neutron call). */
    String networkId(String name) {
        return sim.inventory("network").stream().filter(r -> r.name().equals(name)).map(SimResource::id)
                .findFirst().orElseThrow(() -> new IllegalStateException("the simulator has no network " + name));
    }

    /**
     * The journal entries that match, once there are {@code count} of them: the simulator journals a request just
     * after answering it, so the last call's entry may lag a moment behind the client (and an earlier call's entry
     * may land after a {@code clearJournal()}), hence the filter.
     */
    List<SimJournalEntry> journal(Predicate<SimJournalEntry> filter, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<SimJournalEntry> entries = sim.journal().stream().filter(filter).toList();
        while (entries.size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            entries = sim.journal().stream().filter(filter).toList();
        }
        return entries;
    }

    String projectId() {
        return sim.projectId("dev");
    }

    @Override
    public void close() {
        sim.close();
    }
}
