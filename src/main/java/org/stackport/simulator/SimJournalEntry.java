package org.stackport.simulator;

import java.time.Instant;

/**
 * One answered request: route template, status, time taken, the fault that fired (if any), and the address it came
 * from (a simulated gateway agent's connections come from an address of its own).
 */
public record SimJournalEntry(Instant at, String method, String path, String route, int status, long micros, String fault,
                              String from) {
}
