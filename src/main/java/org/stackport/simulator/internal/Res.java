package org.stackport.simulator.internal;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * One live cloud resource. {@code body} is the service's own representation (without status fields that
 * derive from time); services compute the visible status from {@code readyAt}, {@code stuckUntil} and
 * {@code forcedStatus} against the clock. Mutations happen under the world's lock.
 */
public final class Res {

    public final String kind;
    public final String id;
    public final String projectId;
    public final Instant createdAt;
    public final ObjectNode body;
    /** When the current transition ends (BUILD → ACTIVE, creating → available, PENDING_* → ACTIVE/gone). */
    public Instant readyAt;
    /** A transition held by fault injection: until then the resource stays in its pending state. */
    public Instant stuckUntil;
    /** A status set by fault injection (e.g. ERROR) that wins over time. */
    public String forcedStatus;
    /** Set while a delete is in progress (Octavia's PENDING_DELETE). */
    public Instant deletingUntil;

    public Res(String kind, String id, String projectId, Instant createdAt, ObjectNode body) {
        this.kind = kind;
        this.id = id;
        this.projectId = projectId;
        this.createdAt = createdAt;
        this.body = body;
    }

    public String name() {
        return body.path("name").asString("");
    }

    /** True when the pending transition has ended at {@code now} (and is not held by a fault). */
    public boolean settled(Instant now) {
        if (stuckUntil != null && now.isBefore(stuckUntil)) {
            return false;
        }
        return readyAt == null || !now.isBefore(readyAt);
    }
}
