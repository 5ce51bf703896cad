package io.postmesh.queue.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuotaPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-22T15:30:00Z");

    @ParameterizedTest(name = "daily {0} monthly {1}, counts {2}/{3}, reject {4} -> {5}")
    @CsvSource(nullValues = "null", value = {
            "null, null, 5,   5,   false, ALLOW, null,    null",
            "10,   null, 10,  10,  false, ALLOW, null,    null",
            "10,   null, 11,  11,  false, DEFER, daily,   2026-11-23T00:00:00Z",
            "10,   null, 11,  11,  true,  REJECT, daily,  2026-11-23T00:00:00Z",
            "null, 100,  50,  101, false, DEFER, monthly, 2026-12-01T00:00:00Z",
            "10,   100,  11,  101, false, DEFER, monthly, 2026-12-01T00:00:00Z",
            "10,   100,  11,  50,  true,  REJECT, daily,  2026-11-23T00:00:00Z",
    })
    void decidesByTheCountsIncludingTheMessage(Long daily, Long monthly, long day, long month, boolean reject,
                                               QuotaPolicy.Verdict verdict, String period, Instant resumeAt) {
        QuotaPolicy.Decision d = QuotaPolicy.decide(daily, monthly, day, month, reject, NOW);
        assertThat(d.verdict()).isEqualTo(verdict);
        assertThat(d.period()).isEqualTo(period);
        assertThat(d.resumeAt()).isEqualTo(resumeAt);
    }

    @Test
    void countersAreKeyedByUtcDayAndMonth() {
        assertThat(QuotaPolicy.dayKey("acme", NOW)).isEqualTo("pm:quota:acme:d:20261122");
        assertThat(QuotaPolicy.monthKey("acme", Instant.parse("2026-12-31T23:59:59Z"))).isEqualTo("pm:quota:acme:m:202612");
        assertThat(QuotaPolicy.startOfNextMonth(Instant.parse("2026-12-31T23:59:59Z")))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }
}
