package org.stackport.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs a pass's independent steps at once (all nodes of all pools), bounded per cloud account: at most
 * {@code stackport.provisioning.calls-per-account} steps talk to one account's cloud at a time, whatever the number of
 * clusters in flight. Steps run on virtual threads: a step blocks only for its HTTP calls, never to wait for the
 * cloud to change state (that is a poll time in the journal).
 *
 * <p>The executor is never shut down: at shutdown Quartz lets a running pass finish, and a pass whose steps were
 * refused or interrupted would fail half-way (an interrupted thread also closes H2's file channel under it). Virtual
 * threads end with their steps, so nothing is left behind.
 */
@Component
class CloudCalls {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Semaphore> perAccount = new ConcurrentHashMap<>();
    private final int limit;

    CloudCalls(@Value("${stackport.provisioning.calls-per-account:8}") int limit) {
        this.limit = Math.max(1, limit);
    }

    <T, R> List<R> all(String account, List<T> items, Function<T, R> work) {
        Semaphore gate = perAccount.computeIfAbsent(account, a -> new Semaphore(limit, true));
        List<Future<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(executor.submit(() -> {
                gate.acquire();
                try {
                    return work.apply(item);
                } finally {
                    gate.release();
                }
            }));
        }
        List<R> results = new ArrayList<>();
        for (Future<R> f : futures) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running steps", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return results;
    }
}
