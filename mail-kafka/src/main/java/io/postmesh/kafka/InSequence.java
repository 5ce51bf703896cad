package io.postmesh.kafka;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs work for one key one at a time, in the order it was handed in, while work for different keys (or
 * without a key) runs concurrently. Consumers that process several records of a partition at once use it
 * where order still matters for some records:
 * <ul>
 *   <li>delivery, per queue id and destination: two copies of one job (the queue wrote it again after a
 *       partial failure, or a retry and a replay meet) must not be attempted at the same time, or both would
 *       pass the delivered-marker check and send;</li>
 *   <li>the queue's inbound scheduler, per tenant with a quota: which message takes the last unit of a quota
 *       stays the one that came first in the partition.</li>
 * </ul>
 * Records that must meet here share a partition key, so they meet in one service instance and this in-memory
 * chain is enough. Thread-safe.
 */
public final class InSequence {
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Starts {@code work} once every earlier work for {@code key} has finished (successfully or not). */
    public <T> CompletionStage<T> run(String key, Supplier<CompletionStage<T>> work) {
        if (key == null) {
            return work.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> done = result.handle((value, error) -> (Void) null);
        CompletableFuture<Void> before = tails.put(key, done);
        Runnable start = () -> {
            try {
                work.get().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (before == null) {
            start.run();
        } else {
            before.whenComplete((ignored, error) -> start.run());
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
