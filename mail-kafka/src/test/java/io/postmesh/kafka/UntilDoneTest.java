package io.postmesh.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UntilDoneTest {

    @ParameterizedTest(name = "after attempt {0}: {1} ms")
    @CsvSource({"1, 500", "2, 1000", "3, 2000", "6, 16000", "7, 30000", "40, 30000"})
    void pausesDoubleUpToTheMaximum(int attempt, long millis) {
        assertThat(UntilDone.pause(attempt, Duration.ofMillis(500), Duration.ofSeconds(30)))
                .isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void failingWorkIsRunAgainUntilItSucceeds() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        var done = UntilDone.retry("test work", () -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                throw new IllegalStateException("thrown, not returned");
            }
            return run < 4 ? CompletableFuture.failedFuture(new IllegalStateException("Redis down"))
                    : CompletableFuture.completedFuture(null);
        }, Duration.ofMillis(5), Duration.ofMillis(20));
        done.toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(runs).hasValue(4);
    }

    @Test
    void blockingWorkIsRunAgainOnTheCallersThreadUntilItSucceeds() {
        AtomicInteger runs = new AtomicInteger();
        Thread caller = Thread.currentThread();
        UntilDone.retryBlocking("test work", () -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            if (runs.incrementAndGet() < 3) {
                throw new IllegalStateException("Redis down");
            }
        }, Duration.ofMillis(5), Duration.ofMillis(20));
        assertThat(runs).hasValue(3);
    }

    @Test
    void anInterruptEndsBlockingRetriesWithTheLastFailure() {
        AtomicInteger runs = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> UntilDone.retryBlocking("test work", () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("Redis down");
            }, Duration.ofMillis(5), Duration.ofMillis(20)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("interrupted after 1 attempts")
                    .hasRootCauseMessage("Redis down");
            assertThat(runs).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }
}
