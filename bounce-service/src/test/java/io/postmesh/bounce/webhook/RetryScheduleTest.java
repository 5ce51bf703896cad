package io.postmesh.bounce.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    static final RetrySchedule DEFAULTS = new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(5), 8);

    @ParameterizedTest(name = "attempt {0} waits {1}")
    @CsvSource({
            "0, PT0S",
            "1, PT0S",
            "2, PT1S",
            "3, PT2S",
            "4, PT4S",
            "8, PT64S",
            "9, PT128S",
            "10, PT256S",
            "11, PT5M",      // capped
            "1000, PT5M",    // no overflow however far
            "2147483647, PT5M"})
    void defaultsDoubleFromOneSecondUpToFiveMinutes(int attempt, Duration expected) {
        assertThat(DEFAULTS.delayBefore(attempt)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "after {0} failed attempt(s) another follows: {1}")
    @CsvSource({"0, true", "1, true", "7, true", "8, false", "9, false"})
    void maxAttemptsCountsTheFirstAttempt(int made, boolean next) {
        assertThat(DEFAULTS.hasNext(made)).isEqualTo(next);
    }

    @Test
    void capBelowInitialWins() {
        RetrySchedule s = new RetrySchedule(Duration.ofSeconds(10), Duration.ofSeconds(3), 3);
        assertThat(s.delayBefore(2)).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.delayBefore(3)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void zeroBackoffRetriesAtOnce() {
        RetrySchedule s = new RetrySchedule(Duration.ZERO, Duration.ofSeconds(3), 3);
        assertThat(s.delayBefore(3)).isZero();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(-1), Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
