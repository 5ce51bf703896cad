package io.postmesh.ingress.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundedWindowTest {

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 1", "10, 3", "1000, 64", "5, 100"})
    void neverMoreThanTheWindowInFlightAndResultsInOrder(int items, int window) throws Exception {
        List<CompletableFuture<String>> pending = new CopyOnWriteArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<Integer> input = IntStream.range(0, items).boxed().toList();
        CompletableFuture<List<String>> all = BoundedWindow.run(input, window, i -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<String> f = new CompletableFuture<>();
            pending.add(f);
            return f.whenComplete((r, e) -> inFlight.decrementAndGet());
        }, (i, e) -> "failed " + i);
        // Complete the tasks one by one in start order, from this thread; each completion starts the next.
        int completed = 0;
        while (completed < items) {
            assertThat(pending.size() - completed).isBetween(1, window);
            CompletableFuture<String> next = pending.get(completed);
            int index = completed;
            if (index % 7 == 3) {
                next.completeExceptionally(new IllegalStateException("boom"));
            } else {
                next.complete("ok " + index);
            }
            completed++;
        }
        List<String> results = all.get(10, TimeUnit.SECONDS);
        assertThat(maxInFlight.get()).isLessThanOrEqualTo(window);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            expected.add(i % 7 == 3 ? "failed " + i : "ok " + i);
        }
        assertThat(results).isEqualTo(expected);
    }

    @Test
    void synchronousTasksAndThrowingTasksDoNotRecurseOrStall() throws Exception {
        List<Integer> input = IntStream.range(0, 100_000).boxed().toList();
        List<String> results = BoundedWindow.<Integer, String>run(input, 8, i -> {
            if (i == 5) {
                throw new IllegalArgumentException("bad item");
            }
            return CompletableFuture.completedFuture("ok");
        }, (i, e) -> e.getMessage()).get(30, TimeUnit.SECONDS);
        assertThat(results).hasSize(100_000);
        assertThat(results.get(5)).isEqualTo("bad item");
        assertThat(results.get(99_999)).isEqualTo("ok");
    }

    @Test
    void completionsFromManyThreadsAllArrive() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            List<Integer> input = IntStream.range(0, 5_000).boxed().toList();
            List<Integer> results = BoundedWindow.<Integer, Integer>run(input, 16, i -> {
                max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return CompletableFuture.supplyAsync(() -> {
                    inFlight.decrementAndGet();
                    return i * 2;
                }, pool);
            }, (i, e) -> -1).get(60, TimeUnit.SECONDS);
            assertThat(results).isEqualTo(input.stream().map(i -> i * 2).toList());
            assertThat(max.get()).isLessThanOrEqualTo(16);
        } finally {
            pool.shutdownNow();
        }
    }
}
