package io.postmesh.queue.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decisions for one deferral, and the delay warning over whole simulated retry histories. */
class RetryPlanTest {
    private static final Instant ACCEPTED = Instant.parse("2026-11-22T10:00:00Z");

    private static Envelope job(int attempt) {
        return Envelope.builder().queueId("Q1").destination("example.test").attempt(attempt).firstSeen(ACCEPTED)
                .recipients(List.of(Recipient.of("a@example.test"))).build();
    }

    private static RetryPolicy policy(double jitter, Duration warning) {
        return new RetryPolicy(Duration.ofMinutes(5), 2.0, Duration.ofHours(1), jitter, Duration.ofDays(5),
                Optional.ofNullable(warning));
    }

    @Test
    void schedulesFromTheDeferralTimeOnTheTierThatFitsTheRemainingDelay() {
        Instant deferredAt = ACCEPTED.plusSeconds(30);
        Instant now = deferredAt.plusSeconds(280); // the queue service lagged 280s behind delivery
        RetryPlan plan = RetryPlan.decide(job(1), deferredAt, now, new Backoff(policy(0, null), new Random()));
        assertThat(plan.expired()).isFalse();
        assertThat(plan.dueAt()).isEqualTo(deferredAt.plus(Duration.ofMinutes(5)));
        assertThat(plan.tier()).isEqualTo("mail.retry.1m"); // 20s remain
        assertThat(plan.delayWarning()).isFalse();
    }

    @Test
    void expiresInsteadOfSchedulingOrWarning() {
        Instant now = ACCEPTED.plus(Duration.ofDays(5));
        RetryPlan plan = RetryPlan.decide(job(60), now, now,
                new Backoff(policy(0, Duration.ofHours(4)), new Random()));
        assertThat(plan).isEqualTo(new RetryPlan(true, null, null, false));
    }

    /** Simulates deferral after deferral (each retry running late by {@code lateness}); counts warnings. */
    private static int warningsOverAHistory(double jitter, Duration lateness, long seed) {
        Backoff backoff = new Backoff(policy(jitter, Duration.ofHours(4)), new Random(seed));
        Instant deferredAt = ACCEPTED.plusSeconds(20);
        int warnings = 0;
        for (int attempt = 1; deferredAt.isBefore(ACCEPTED.plus(Duration.ofDays(1))); attempt++) {
            RetryPlan plan = RetryPlan.decide(job(attempt), deferredAt, deferredAt, backoff);
            warnings += plan.delayWarning() ? 1 : 0;
            deferredAt = plan.dueAt().plus(lateness); // the next attempt runs when due (+ lateness) and defers again
        }
        return warnings;
    }

    @Test
    void warnsExactlyOnceWhenRetriesRunOnTime() {
        for (long seed = 0; seed < 200; seed++) {
            assertThat(warningsOverAHistory(0.0, Duration.ZERO, seed)).as("seed %d", seed).isEqualTo(1);
            assertThat(warningsOverAHistory(0.1, Duration.ofSeconds(2), seed)).as("seed %d", seed).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void neverWarnsTwiceEvenWhenLate() {
        for (long seed = 0; seed < 200; seed++) {
            assertThat(warningsOverAHistory(0.1, Duration.ofMinutes(7), seed)).as("seed %d", seed)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void noWarningWhenSwitchedOff() {
        RetryPlan plan = RetryPlan.decide(job(9), ACCEPTED.plus(Duration.ofHours(5)),
                ACCEPTED.plus(Duration.ofHours(5)), new Backoff(policy(0, null), new Random()));
        assertThat(plan.delayWarning()).isFalse();
    }
}
