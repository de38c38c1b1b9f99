package org.stackport.simulator.internal;

/** One simulated OpenStack service: its routes, seed data, usage counters and orphan detectors. */
public interface SimService {

    /** Adds the service's routes; called once at start after the seed world exists. */
    void register(Router router);

    /** The status a person would see for one of this service's resources, or null if it is not ours. */
    String statusOf(Res res);
}
