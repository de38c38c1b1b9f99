package org.stackport.simulator;

import java.time.Instant;

/** One answered request: route template, status, time taken and the fault that fired, if any. */
public record SimJournalEntry(Instant at, String method, String path, String route, int status, long micros, String fault) {
}
