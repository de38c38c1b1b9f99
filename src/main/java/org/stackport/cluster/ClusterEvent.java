package org.stackport.cluster;

import java.time.Instant;

/** One provisioning task as {@code GET .../clusters/{name}/events} lists it (api.md). */
public record ClusterEvent(Instant at, String task, String state, String message, int attempts, Instant updatedAt) {
}
