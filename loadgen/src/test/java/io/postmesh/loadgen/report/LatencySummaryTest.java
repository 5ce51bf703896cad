package io.postmesh.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencySummaryTest {

    /** 1..N ms, one value each: p50 is N/2, p99 is 0.99 N (HdrHistogram: within 0.1 %). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # values (1..n ms) | p50 ms | p90 ms | p99 ms | max ms
            100                | 50     | 90     | 99     | 100
            1000               | 500    | 900    | 990    | 1000
            10000              | 5000   | 9000   | 9900   | 10000
            """)
    void percentilesOfAUniformSpread(int n, double p50, double p90, double p99, double max) {
        Histogram h = LatencySummary.newMicrosHistogram();
        for (int i = 1; i <= n; i++) {
            h.recordValue(i * 1000L);
        }
        LatencySummary s = LatencySummary.of(h);
        assertThat(s.count()).isEqualTo(n);
        assertThat(s.p50()).isCloseTo(p50, within(p50 * 0.002));
        assertThat(s.p90()).isCloseTo(p90, within(p90 * 0.002));
        assertThat(s.p99()).isCloseTo(p99, within(p99 * 0.002));
        assertThat(s.max()).isCloseTo(max, within(max * 0.002));
    }

    @Test
    void aSingleSlowOutlierShowsInMaxButNotInP99() {
        Histogram h = LatencySummary.newMicrosHistogram();
        for (int i = 0; i < 999; i++) {
            h.recordValue(2_000);
        }
        h.recordValue(3_000_000);
        LatencySummary s = LatencySummary.of(h);
        assertThat(s.p99()).isCloseTo(2.0, within(0.01));
        assertThat(s.max()).isCloseTo(3000.0, within(3.0));
    }

    @Test
    void emptyHistogramGivesZeros() {
        assertThat(LatencySummary.of(LatencySummary.newMicrosHistogram())).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void survivesAJsonRoundTrip() {
        LatencySummary s = new LatencySummary(7, 1.5, 2.5, 3.5, 4.5, 5.5, 2.0);
        assertThat(LatencySummary.fromJson(s.toJson())).isEqualTo(s);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0.456   | 0.46 ms
            4.5     | 4.50 ms
            45.67   | 45.7 ms
            456.7   | 457 ms
            2310    | 2.31 s
            """)
    void formatsWithAUnitThatFits(double millis, String text) {
        assertThat(LatencySummary.format(millis)).isEqualTo(text);
    }
}
