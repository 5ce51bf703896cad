package io.postmesh.ingress.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs asynchronous tasks over a list with at most {@code window} in flight, starting the next as one
 * completes, without holding a thread while they run. Results keep the order of the items. A task that fails
 * (or throws) gets its result from {@code onFailure}, so one bad item never fails the others.
 *
 * <p>Completions may arrive on any thread, also synchronously inside {@code task}; a work-in-progress counter
 * makes one thread at a time start tasks, so there is neither recursion nor a lost wake-up.
 */
final class BoundedWindow<T, R> {
    private final List<T> items;
    private final int window;
    private final Function<T, CompletionStage<R>> task;
    private final BiFunction<T, Throwable, R> onFailure;
    private final Object[] results;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final CompletableFuture<List<R>> all = new CompletableFuture<>();
    private int next; // only touched by the thread that holds wip

    private BoundedWindow(List<T> items, int window, Function<T, CompletionStage<R>> task,
                          BiFunction<T, Throwable, R> onFailure) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.items = items;
        this.window = window;
        this.task = task;
        this.onFailure = onFailure;
        this.results = new Object[items.size()];
    }

    static <T, R> CompletableFuture<List<R>> run(List<T> items, int window, Function<T, CompletionStage<R>> task,
                                                 BiFunction<T, Throwable, R> onFailure) {
        BoundedWindow<T, R> w = new BoundedWindow<>(List.copyOf(items), window, task, onFailure);
        if (items.isEmpty()) {
            w.all.complete(List.of());
        } else {
            w.drain();
        }
        return w.all;
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return; // another thread is starting tasks and will look again
        }
        int missed = 1;
        do {
            while (next < items.size() && active.get() < window) {
                int index = next++;
                active.incrementAndGet();
                start(index);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void start(int index) {
        T item = items.get(index);
        CompletionStage<R> stage;
        try {
            stage = task.apply(item);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, error) -> {
            results[index] = error == null ? result : onFailure.apply(item, error);
            active.decrementAndGet();
            if (finished.incrementAndGet() == items.size()) {
                complete();
            } else {
                drain();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void complete() {
        List<R> out = new ArrayList<>(results.length);
        Arrays.stream(results).forEach(r -> out.add((R) r));
        all.complete(out);
    }
}
