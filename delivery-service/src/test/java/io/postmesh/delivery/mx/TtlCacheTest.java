package io.postmesh.delivery.mx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TtlCacheTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "ttl {0}s, max {1}s, asked after {2}s: cached={3}")
    @CsvSource({
            // ttl | max ttl | asked after | still there
            "300,  3600,  299,  true",
            "300,  3600,  300,  false",
            "7200, 3600,  3599, true",
            "7200, 3600,  3600, false",   // capped at the maximum
            "0,    3600,  0,    false",   // TTL 0: never kept (RFC 1035: use once)
            "-5,   3600,  0,    false",
    })
    void keepsAnAnswerForItsTtlCappedAtTheMaximum(long ttl, long max, long after, boolean cached) {
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        TtlCache<String, String> cache = new TtlCache<>(clock(now), Duration.ofSeconds(max), 100);
        cache.put("example.test/MX", "mx1", Duration.ofSeconds(ttl));
        now.set(T0.plusSeconds(after));
        assertThat(cache.get("example.test/MX")).isEqualTo(cached ? Optional.of("mx1") : Optional.empty());
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenFull() {
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        TtlCache<String, String> cache = new TtlCache<>(clock(now), Duration.ofHours(1), 2);
        cache.put("a", "1", Duration.ofMinutes(5));
        cache.put("b", "2", Duration.ofMinutes(5));
        assertThat(cache.get("a")).contains("1");   // a is now more recent than b
        cache.put("c", "3", Duration.ofMinutes(5));
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).contains("1");
        assertThat(cache.get("c")).contains("3");
    }

    private static Clock clock(AtomicReference<Instant> now) {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }
}
