package io.postmesh.delivery.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThrottleSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "20/s,            20,     PT1S,  1, 20/s",
            "1000/h,          1000,   PT1H,  1, 1000/h",
            "100 / min,       100,    PT1M,  1, 100/m",
            "5000/day,        5000,   PT24H, 1, 5000/d",
            "100/m burst 10,  100,    PT1M,  10, 100/m burst 10",
            "7/Hour,          7,      PT1H,  1, 7/h",
    })
    void parses(String text, long limit, Duration period, long burst, String canonical) {
        ThrottleSpec spec = ThrottleSpec.parse(text);
        assertThat(spec.limit()).isEqualTo(limit);
        assertThat(spec.period()).isEqualTo(period);
        assertThat(spec.burst()).isEqualTo(burst);
        assertThat(spec).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20", "/s", "0/s", "20/w", "20/s burst 0", "-1/s", "20 per second", "20/s burst"})
    void refusesNonsense(String text) {
        assertThatThrownBy(() -> ThrottleSpec.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
