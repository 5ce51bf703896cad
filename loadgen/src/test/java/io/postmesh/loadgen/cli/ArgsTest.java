package io.postmesh.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgsTest {

    @ParameterizedTest
    @CsvSource({"5k, 5120", "100K, 102400", "1m, 1048576", "300, 300"})
    void sizes(String text, int bytes) {
        assertThat(Args.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"250ms, 250", "20s, 20000", "2m, 120000", "1h, 3600000", "7, 7000"})
    void durations(String text, long millis) {
        assertThat(Args.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"5x", "0", "-1k", "k"})
    void badSizes(String text) {
        assertThatThrownBy(() -> Args.parseSize(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsWithValuesFlagsAndEquals() {
        Args args = Args.parse(new String[] {"--port", "2525", "--size=5k:1,100k:1", "--verbose", "--rate", "50.5"},
                Set.of("port", "size", "verbose", "rate", "count"));
        assertThat(args.integer("port", 0)).isEqualTo(2525);
        assertThat(args.string("size", "")).isEqualTo("5k:1,100k:1");
        assertThat(args.has("verbose")).isTrue();
        assertThat(args.decimal("rate", 0)).isEqualTo(50.5);
        assertThat(args.longValue("count", 7)).isEqualTo(7);
    }

    @Test
    void unknownOptionsAreRefused() {
        assertThatThrownBy(() -> Args.parse(new String[] {"--sesions", "10"}, Set.of("sessions")))
                .hasMessageContaining("--sesions");
    }
}
