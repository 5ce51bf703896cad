package io.postmesh.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the processing of one Kafka record again, after a growing pause, until it succeeds. A consumer whose
 * stage fails would otherwise be nacked and, with {@code failure-strategy=fail}, stop its channel for good: a
 * Redis or broker outage of a few seconds would leave mail in the topic until someone restarts the service.
 * Retrying in place keeps the record's partition waiting (order and the offset commit are kept) and resumes on
 * its own when the dependency is back, as Postfix's queue manager does. Work that is retried after a partial
 * success may write some records twice; every reader of them already tolerates duplicates (at-least-once).
 */
public final class UntilDone {
    private static final Logger LOG = Logger.getLogger(UntilDone.class.getName());
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "postmesh-retry-timer");
        t.setDaemon(true);
        return t;
    });

    public static final Duration FIRST = Duration.ofMillis(500);
    public static final Duration MAX = Duration.ofSeconds(30);

    private UntilDone() {}

    /** {@link #retry(String, Supplier, Duration, Duration)} with pauses from 0.5 s doubling up to 30 s. */
    public static CompletionStage<Void> retry(String what, Supplier<? extends CompletionStage<Void>> work) {
        return retry(what, work, FIRST, MAX);
    }

    /** Completes when one run of {@code work} succeeds; never fails. */
    public static CompletionStage<Void> retry(String what, Supplier<? extends CompletionStage<Void>> work,
                                              Duration first, Duration max) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(what, work, 1, first, max, done);
        return done;
    }

    /**
     * For {@code @Blocking} consumers, which run on a worker thread in record order: runs {@code work} until it
     * returns without throwing, sleeping between attempts (0.5 s doubling to 30 s). The sleeping worker holds only
     * its own channel; the connector pauses the partitions behind it. An interrupt (shutdown) ends the retries by
     * throwing, so the record is not acknowledged and is read again after the restart.
     */
    public static void retryBlocking(String what, Runnable work) {
        retryBlocking(what, work, FIRST, MAX);
    }

    /** {@link #retryBlocking(String, Runnable)} with the given pauses. */
    public static void retryBlocking(String what, Runnable work, Duration first, Duration max) {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                if (attempt > 1) {
                    LOG.info(what + " succeeded after " + attempt + " attempts");
                }
                return;
            } catch (RuntimeException e) {
                Duration pause = failed(what, attempt, first, max, e);
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(what + " interrupted after " + attempt + " attempts", e);
                }
            }
        }
    }

    /** Logs a failed attempt and returns the pause before the next one. */
    private static Duration failed(String what, int attempt, Duration first, Duration max, Throwable error) {
        Duration pause = pause(attempt, first, max);
        LOG.log(Level.WARNING, what + " failed (attempt " + attempt + "), trying again in " + pause.toMillis()
                + " ms: " + error);
        return pause;
    }

    /** The pause before attempt {@code attempt + 1}: {@code first × 2^(attempt-1)}, at most {@code max}. */
    static Duration pause(int attempt, Duration first, Duration max) {
        long millis = first.toMillis() << Math.min(attempt - 1, 20);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    private static void attempt(String what, Supplier<? extends CompletionStage<Void>> work, int attempt,
                                Duration first, Duration max, CompletableFuture<Void> done) {
        CompletionStage<Void> stage;
        try {
            stage = work.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((ok, error) -> {
            if (error == null) {
                if (attempt > 1) {
                    LOG.info(what + " succeeded after " + attempt + " attempts");
                }
                done.complete(null);
                return;
            }
            Duration pause = failed(what, attempt, first, max, error);
            TIMER.schedule(() -> attempt(what, work, attempt + 1, first, max, done), pause.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }
}
