package io.postmesh.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LoadReportTest {
    private static final LatencySummary REPLY = new LatencySummary(1000, 1.2, 3.4, 9.9, 20, 30, 2);

    private static LoadReport report(double seconds, long accepted, long bytes, Map<String, Long> errors) {
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        return new LoadReport("pm-5k-100", "abcd", "127.0.0.1:2525", 100, "5120", seconds, accepted + failed, accepted,
                failed, bytes, 100, REPLY, REPLY, errors);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # seconds | accepted | bytes     | accepted/s | MB/s
            20        | 24800    | 126976000 | 1240       | 6.3488
            10        | 0        | 0         | 0          | 0
            0         | 5        | 5000      | 0          | 0
            0.5       | 390      | 39936000  | 780        | 79.872
            """)
    void ratesAreAcceptedOverWallTime(double seconds, long accepted, long bytes, double perSecond, double mbs) {
        LoadReport r = report(seconds, accepted, bytes, Map.of());
        assertThat(r.acceptedPerSecond()).isEqualTo(perSecond);
        assertThat(r.megabytesPerSecond()).isCloseTo(mbs, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void jsonCarriesEveryFigureAndReadsBack() {
        LoadReport r = report(20, 24800, 126976000, Map.of("451 4.7.1", 3L, "connection lost", 1L));
        var json = r.toJson();
        assertThat(json.getDouble("acceptedPerSecond")).isEqualTo(1240.0);
        assertThat(json.getJsonObject("errors").getLong("451 4.7.1")).isEqualTo(3L);
        assertThat(json.getJsonObject("replyLatency").getDouble("p99Ms")).isEqualTo(9.9);
        assertThat(LoadReport.fromJson(json)).isEqualTo(r);
    }

    @Test
    void tableShowsRateLatencyAndErrorsByCode() {
        String table = report(20, 24800, 126976000, Map.of("451 4.7.1", 3L, "554 5.7.1", 2L)).table();
        assertThat(table).contains("accepted/s", "1240.0")
                .contains("reply latency p50 / p99 / max", "1.20 ms / 9.90 ms / 30.0 ms")
                .contains("error 451 4.7.1", "error 554 5.7.1")
                .contains("accepted / attempted", "24800 / 24805");
        assertThat(report(1, 1, 1, Map.of()).table()).containsPattern("errors\\s+none");
    }
}
