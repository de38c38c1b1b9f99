package org.stackport.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One step of a phase: a key unique in the cluster, what the journal calls it, the steps that must be done first,
 * how long it may keep waiting or retrying, and what one look at it does (idempotent: run twice, it creates nothing
 * twice).
 */
record StepDef(String key, String task, List<String> needs, Duration deadline, Function<Ctx, Outcome> run) {

    StepDef {
        needs = List.copyOf(needs);
    }
}
