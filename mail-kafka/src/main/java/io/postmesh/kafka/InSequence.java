package io.postmesh.kafka;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs work for one key one at a time, in the order it was handed in, while work for different keys (or
 * without a key) runs concurrently. Consumers that process several records of a partition at once use it
 * where some records must not overlap:
 * <ul>
 *   <li>delivery, per queue id and destination: two copies of one job (the queue wrote it again after a
 *       partial failure, or a retry and a replay meet) must not be attempted at the same time, or both would
 *       pass the delivered-marker check and send;</li>
 *   <li>the queue's inbound scheduler, per tenant with a quota: two messages never race for the last unit of
 *       a quota, and a retried charge never overlaps the next one.</li>
 * </ul>
 * Records that must meet here share a partition key, so they meet in one service instance and this in-memory
 * chain is enough. "Handed in" is when {@link #run} is called: records that reach it from a worker pool's
 * threads may call it in a slightly different order than the partition's. Thread-safe.
 */
public final class InSequence {
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Starts {@code work} once every earlier work for {@code key} has finished (successfully or not). */
    public <T> CompletionStage<T> run(String key, Supplier<CompletionStage<T>> work) {
        if (key == null) {
            return work.get();
        }
        // The work starts when the gate opens: at once, or when the work before it for this key has finished. A
        // stage of thenCompose also catches a RuntimeException thrown by the supplier, failing only this work.
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<T> result = gate.thenCompose(open -> work.get());
        CompletableFuture<Void> done = result.handle((value, error) -> (Void) null);
        CompletableFuture<Void> before = tails.put(key, done);
        if (before == null) {
            gate.complete(null);
        } else {
            before.whenComplete((ignored, error) -> gate.complete(null));
        }
        // Forget the key when nothing came after this work, so the map holds only jobs in flight.
        done.whenComplete((ignored, error) -> tails.remove(key, done));
        return result;
    }

    /** Keys with work in flight or waiting. */
    public int keys() {
        return tails.size();
    }
}
