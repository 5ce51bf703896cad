package io.postmesh.loadgen.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacerTest {
    private static final long S = 1_000_000_000L;

    @Test
    void countLimitHandsOutExactlyThatManyNumbers() {
        Pacer pacer = new Pacer(0, 3, 0, 0);
        assertThat(pacer.take(0)).isZero();
        assertThat(pacer.take(0)).isEqualTo(1);
        assertThat(pacer.finished(0)).isFalse();
        assertThat(pacer.take(0)).isEqualTo(2);
        assertThat(pacer.finished(0)).isTrue();
        assertThat(pacer.take(0)).isEqualTo(Pacer.STOP);
        assertThat(pacer.taken()).isEqualTo(3);
    }

    @Test
    void deadlineStopsAnUnlimitedCount() {
        Pacer pacer = new Pacer(10 * S, 0, 5 * S, 0);
        assertThat(pacer.take(14 * S)).isZero();
        assertThat(pacer.finished(15 * S)).isTrue();
        assertThat(pacer.take(15 * S)).isEqualTo(Pacer.STOP);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # rate/s | message | now (ms) | delay (ms)
            0        | 100     | 0        | 0
            10       | 0       | 0        | 0
            10       | 1       | 0        | 100
            10       | 5       | 200      | 300
            10       | 5       | 900      | 0
            1000     | 2500    | 1000     | 1500
            """)
    void rateSpacesMessagesFromTheStart(double rate, long message, long nowMs, long delayMs) {
        Pacer pacer = new Pacer(0, 1_000_000, 0, rate);
        assertThat(pacer.delayNanos(message, nowMs * 1_000_000)).isEqualTo(delayMs * 1_000_000);
    }

    @Test
    void withRateAndDurationNoMessageIsDueAfterTheDeadline() {
        Pacer pacer = new Pacer(0, 0, 1 * S, 2);
        assertThat(pacer.take(0)).isZero();
        assertThat(pacer.take(0)).isEqualTo(1);
        // Long before the deadline, yet nothing more will come: sessions must not reconnect to ask again.
        assertThat(pacer.finished(0)).isTrue();
        assertThat(pacer.take(0)).isEqualTo(Pacer.STOP);
    }

    @Test
    void needsACountOrADuration() {
        assertThatThrownBy(() -> new Pacer(0, 0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
