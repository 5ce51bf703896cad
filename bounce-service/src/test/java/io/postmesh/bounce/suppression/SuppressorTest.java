package io.postmesh.bounce.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SuppressorTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    static Stream<Arguments> outlives() {
        Optional<Duration> never = Optional.empty();
        Optional<Duration> month = Optional.of(Duration.ofDays(30));
        return Stream.of(
                // existing expiresAt, new TTL, existing kept?
                Arguments.of(null, month, true),
                Arguments.of(null, never, true),
                Arguments.of(NOW.plus(Duration.ofDays(40)), month, true),
                Arguments.of(NOW.plus(Duration.ofDays(30)), month, true),
                Arguments.of(NOW.plus(Duration.ofDays(10)), month, false),
                Arguments.of(NOW.plus(Duration.ofDays(400)), never, false));
    }

    @ParameterizedTest(name = "existing until {0}, new TTL {1} -> keep existing: {2}")
    @MethodSource
    void outlives(Instant existingExpiry, Optional<Duration> ttl, boolean keep) {
        Suppression existing = new Suppression("bob@example.test", "x", NOW.minusSeconds(60), existingExpiry);
        assertThat(Suppressor.outlives(existing, ttl, NOW)).isEqualTo(keep);
    }
}
