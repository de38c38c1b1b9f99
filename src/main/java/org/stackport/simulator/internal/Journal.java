package org.stackport.simulator.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/** Every request the simulator answered (the newest {@value #CAPACITY}). */
public final class Journal {

    static final int CAPACITY = 100_000;

    /** @param route the matched template, e.g. {@code POST /compute/v2.1/servers}; the path when nothing matched */
    public record Entry(Instant at, String method, String path, String route, int status, long micros, String fault,
                        String from) {
    }

    private final ConcurrentLinkedDeque<Entry> entries = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    public void add(Entry e) {
        entries.addLast(e);
        if (size.incrementAndGet() > CAPACITY) {
            entries.pollFirst();
            size.decrementAndGet();
        }
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    public void clear() {
        entries.clear();
        size.set(0);
    }
}
