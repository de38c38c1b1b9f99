package org.stackport.simulator.internal;

/** A route's behaviour. Throw {@link ServiceError} for the service's own error answers. */
@FunctionalInterface
public interface Handler {
    SimResponse handle(SimRequest request);
}
