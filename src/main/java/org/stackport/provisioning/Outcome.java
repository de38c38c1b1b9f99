package org.stackport.provisioning;

import java.time.Duration;

/** What one look at a step found: it is done, it has to be looked at again later, or it cannot succeed. */
sealed interface Outcome {

    /** The step reached its goal. */
    record Done(String message) implements Outcome {
    }

    /**
     * Not yet: look again after {@code after}. {@code attempt} marks a second try of something that failed in the
     * cloud (a server or load balancer in ERROR made again), which counts against the step's attempts.
     */
    record Wait(Duration after, String message, boolean attempt) implements Outcome {
        Wait(Duration after, String message) {
            this(after, message, false);
        }
    }

    /** The step cannot succeed: the cloud's words, and what the user can do. */
    record Fail(String message) implements Outcome {
    }

    static Outcome done(String message) {
        return new Done(message);
    }

    static Outcome waitFor(Duration after, String message) {
        return new Wait(after, message);
    }
}
