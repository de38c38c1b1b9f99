package org.stackport.simulator.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ObjectNode;

/** Fault injection rules matched against each request's route. */
public final class Faults {

    public enum Kind {
        /** answer with a status and the service's error body, without doing anything */
        FAIL,
        /** wait, then handle normally */
        LATENCY,
        /** do the work, then answer 500 (the client believes it failed) */
        GHOST,
        /** do the work, then hold the answer longer than the client waits */
        GHOST_TIMEOUT,
        /** answer 401 as keystonemiddleware does */
        UNAUTHORIZED,
        /** answer 429 with Retry-After */
        RATE_LIMIT
    }

    /**
     * @param method   HTTP method, or null for any
     * @param route    route template (e.g. {@code /compute/v2.1/servers/{id}}), or a path prefix ending in "*"
     * @param count    how many matching calls it fires on; negative = every call
     */
    public record Rule(String id, Kind kind, String method, String route, AtomicInteger remaining, int status,
                       ObjectNode body, Duration latency, Duration latencyMax) {

        boolean matches(String m, String template) {
            if (method != null && !method.equalsIgnoreCase(m)) {
                return false;
            }
            return route.endsWith("*") ? template.startsWith(route.substring(0, route.length() - 1)) : route.equals(template);
        }

        Duration delay() {
            if (latency == null) {
                return Duration.ZERO;
            }
            if (latencyMax == null || latencyMax.compareTo(latency) <= 0) {
                return latency;
            }
            return Duration.ofMillis(ThreadLocalRandom.current().nextLong(latency.toMillis(), latencyMax.toMillis() + 1));
        }

        public String describe() {
            return kind + (status > 0 ? " " + status : "") + (latency != null ? " " + latency.toMillis() + "ms" : "");
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    public Rule add(Kind kind, String method, String route, int count, int status, ObjectNode body, Duration latency,
                    Duration latencyMax) {
        Rule r = new Rule(World.uuid(), kind, method, route, new AtomicInteger(count), status, body, latency, latencyMax);
        rules.add(r);
        return r;
    }

    /** The first rule that matches and still has shots left; consumes one shot. */
    public Optional<Rule> fire(String method, String template) {
        for (Rule r : rules) {
            if (!r.matches(method, template)) {
                continue;
            }
            int left = r.remaining().get();
            if (left < 0) {
                return Optional.of(r);
            }
            if (left > 0 && r.remaining().compareAndSet(left, left - 1)) {
                if (left == 1) {
                    rules.remove(r);
                }
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public void remove(String id) {
        rules.removeIf(r -> r.id().equals(id));
    }

    public void clear() {
        rules.clear();
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }
}
