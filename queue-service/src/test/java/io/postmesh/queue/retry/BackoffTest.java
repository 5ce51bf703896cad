package io.postmesh.queue.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The retry arithmetic, table by table, against a fixed clock. */
class BackoffTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private static final Instant NOW = CLOCK.instant();
    private static final RetryPolicy POSTFIX_LIKE = new RetryPolicy(Duration.ofMinutes(5), 2.0, Duration.ofHours(1),
            0.0, Duration.ofDays(5), Optional.empty());

    static Stream<Arguments> delays() {
        return Stream.of(
                // attempts so far, expected nominal delay before the next attempt
                Arguments.of(0, Duration.ofMinutes(5)),   // malformed attempt count: treated as the first
                Arguments.of(1, Duration.ofMinutes(5)),
                Arguments.of(2, Duration.ofMinutes(10)),
                Arguments.of(3, Duration.ofMinutes(20)),
                Arguments.of(4, Duration.ofMinutes(40)),
                Arguments.of(5, Duration.ofHours(1)),     // 80m capped
                Arguments.of(40, Duration.ofHours(1)),
                Arguments.of(5000, Duration.ofHours(1))); // 2^4999 overflows to infinity: still the cap
    }

    @ParameterizedTest(name = "after {0} attempts wait {1}")
    @MethodSource("delays")
    void delayDoublesUpToTheCap(int attempts, Duration expected) {
        Backoff backoff = new Backoff(POSTFIX_LIKE, new Random(1));
        assertThat(backoff.nominalDelay(attempts)).isEqualTo(expected);
        assertThat(backoff.delay(attempts)).isEqualTo(expected); // jitter 0
    }

    @Test
    void jitterStaysWithinItsBandAndSpreads() {
        RetryPolicy jittery = new RetryPolicy(Duration.ofMinutes(10), 2.0, Duration.ofHours(1), 0.1,
                Duration.ofDays(5), Optional.empty());
        Backoff backoff = new Backoff(jittery, new Random(42));
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        for (int i = 0; i < 1000; i++) {
            long ms = backoff.delay(1).toMillis();
            lowest = Math.min(lowest, ms);
            highest = Math.max(highest, ms);
        }
        assertThat(lowest).isBetween(540_000L, 560_000L);   // 9m .. 9m20s: the band's low end is reached
        assertThat(highest).isBetween(640_000L, 660_000L);  // 10m40s .. 11m
    }

    static Stream<Arguments> tiers() {
        return Stream.of(
                Arguments.of(Duration.ZERO, "mail.retry.1m"),
                Arguments.of(Duration.ofSeconds(1), "mail.retry.1m"),
                Arguments.of(Duration.ofMinutes(1), "mail.retry.1m"),
                Arguments.of(Duration.ofSeconds(61), "mail.retry.10m"),
                Arguments.of(Duration.ofMinutes(10), "mail.retry.10m"),
                Arguments.of(Duration.ofMinutes(20), "mail.retry.1h"),
                Arguments.of(Duration.ofHours(1), "mail.retry.1h"),
                Arguments.of(Duration.ofMinutes(66), "mail.retry.6h"),
                Arguments.of(Duration.ofHours(6), "mail.retry.6h"),
                Arguments.of(Duration.ofDays(2), "mail.retry.6h")); // longer than every tier: the last one
    }

    @ParameterizedTest(name = "{0} waits on {1}")
    @MethodSource("tiers")
    void tierIsTheFirstLongEnough(Duration delay, String tier) {
        assertThat(Backoff.tierFor(delay)).isEqualTo(tier);
    }

    @Test
    void tierNamesCarryTheirDelay() {
        assertThat(Backoff.nominalOf("mail.retry.10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Backoff.nominalOf("mail.retry.6h")).isEqualTo(Duration.ofHours(6));
        assertThat(Backoff.nominalOf("x.30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.nominalOf("x.2d")).isEqualTo(Duration.ofDays(2));
    }

    static Stream<Arguments> expiry() {
        return Stream.of(
                Arguments.of(Duration.ofDays(4), false),
                Arguments.of(Duration.ofDays(5).minusMillis(1), false),
                Arguments.of(Duration.ofDays(5), true),
                Arguments.of(Duration.ofDays(9), true));
    }

    @ParameterizedTest(name = "age {0} expired: {1}")
    @MethodSource("expiry")
    void expiresAtMaxAge(Duration age, boolean expired) {
        assertThat(Backoff.expired(NOW.minus(age), NOW, Duration.ofDays(5))).isEqualTo(expired);
    }

    static Stream<Arguments> warnings() {
        Duration t = Duration.ofHours(4);
        return Stream.of(
                // age now, age at the previous deferral (null: first deferral), warning due
                Arguments.of(t, Duration.ofHours(2), "4h", true, "crossed exactly now"),
                Arguments.of(Duration.ofHours(3), Duration.ofHours(2), "4h", false, "not old enough"),
                Arguments.of(Duration.ofHours(5), Duration.ofHours(3).plusMinutes(59), "4h", true, "crossed between"),
                Arguments.of(Duration.ofHours(5), t, "4h", false, "crossed at the previous deferral"),
                Arguments.of(Duration.ofHours(6), Duration.ofHours(5), "4h", false, "warned long ago"),
                Arguments.of(Duration.ofHours(5), null, "4h", true, "first deferral already late"),
                Arguments.of(Duration.ofMinutes(1), null, "4h", false, "first deferral, young"));
    }

    @ParameterizedTest(name = "{4}")
    @MethodSource("warnings")
    void delayWarningOnTheDeferralThatCrossesTheThreshold(Duration ageNow, Duration agePrevious, String threshold,
                                                         boolean due, String why) {
        Instant firstSeen = NOW.minus(ageNow);
        Optional<Instant> previous = Optional.ofNullable(agePrevious).map(firstSeen::plus);
        assertThat(Backoff.delayWarningDue(firstSeen, previous, NOW, Duration.parse("PT" + threshold.toUpperCase())))
                .isEqualTo(due);
    }

    @Test
    void previousDeferralIsTheLatestItCanHaveBeen() {
        RetryPolicy jittery = new RetryPolicy(Duration.ofMinutes(5), 2.0, Duration.ofHours(1), 0.1,
                Duration.ofDays(5), Optional.empty());
        Backoff backoff = new Backoff(jittery, new Random(7));
        assertThat(backoff.previousDeferral(1, NOW)).isEmpty();
        // before attempt 3 the job waited 10m ± 10%: at least 9m.
        assertThat(backoff.previousDeferral(3, NOW)).contains(NOW.minus(Duration.ofMinutes(9)));
    }
}
