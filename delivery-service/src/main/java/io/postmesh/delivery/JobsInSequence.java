package io.postmesh.delivery;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs work for one job key one at a time while work for different keys runs concurrently. Delivery attempts
 * are concurrent, but two copies of one job (the queue wrote it again after a partial failure, or a retry and
 * a replay meet) must not be attempted at the same time: the second has to see the delivered-markers the first
 * wrote, or both would send. Copies of a job share a partition key, so they meet in one service instance and
 * this in-memory chain is enough. Thread-safe.
 */
final class JobsInSequence {
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Starts {@code work} once every earlier work for {@code key} has finished (successfully or not). */
    <T> CompletionStage<T> run(String key, Supplier<CompletionStage<T>> work) {
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
    int keys() {
        return tails.size();
    }
}
