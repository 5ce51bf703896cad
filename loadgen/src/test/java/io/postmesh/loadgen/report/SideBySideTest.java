package io.postmesh.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.loadgen.sink.SinkReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SideBySideTest {
    private static final LatencySummary L = new LatencySummary(1, 1, 1, 5, 5, 5, 1);

    private static LoadReport load(double perSecond) {
        return new LoadReport("x", "r", "127.0.0.1:1", 100, "5120", 10, (long) (perSecond * 10), (long) (perSecond * 10),
                0, 0, 100, L, L, Map.of());
    }

    private static SinkReport sink(long unique, long spanMicros) {
        return new SinkReport(unique, unique, 0, unique, 0, 0, 0, 1_000_000, 1_000_100, 1_000_000 + spanMicros,
                new LatencySummary(unique, 2, 3, 400, 500, 600, 10), List.of(), List.of(), Map.of());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1860 | 1240 | 1.50x
            780  | 780  | 1.00x
            100  | 0    | -
            """)
    void ratioIsFirstOverSecond(double first, double second, String ratio) {
        assertThat(SideBySide.ratio(first, second)).isEqualTo(ratio);
    }

    @Test
    void acceptanceAndEndToEndTables() {
        String out = SideBySide.render("postmesh", "postfix", List.of(
                new ScenarioResult("postmesh", "ingress-100x5k", load(1860), null),
                new ScenarioResult("postfix", "ingress-100x5k", load(1240), null),
                new ScenarioResult("postmesh", "e2e-10x5k", load(600), sink(5100, 10_000_000)),
                new ScenarioResult("postfix", "e2e-10x5k", load(520), sink(5100, 10_000_000))));
        assertThat(out).contains("Acceptance (ratio = postmesh/postfix)")
                .containsPattern("ingress-100x5k\\s+1860\\s+1240\\s+1\\.50x")
                .contains("End to end")
                .containsPattern("e2e-10x5k\\s+510\\s+510\\s+1\\.00x\\s+2\\.00 ms / 400 ms");
    }

    @Test
    void aMissingSideShowsADash() {
        String out = SideBySide.render("postmesh", "postfix",
                List.of(new ScenarioResult("postmesh", "ingress-10x100k", load(300), null)));
        assertThat(out).containsPattern("ingress-10x100k\\s+300\\s+-\\s+-").doesNotContain("End to end");
    }
}
