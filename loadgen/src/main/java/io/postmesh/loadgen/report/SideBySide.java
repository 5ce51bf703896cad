package io.postmesh.loadgen.report;

import io.postmesh.loadgen.sink.SinkReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two systems measured in the same run, printed as a ratio (first system / second system) per scenario:
 * acceptance (accepted/s and reply p99) for every scenario, and end to end (sink msgs/s and send-to-arrival
 * p50/p99) where the scenario has sink figures.
 */
public final class SideBySide {
    private SideBySide() {
    }

    public static String render(String first, String second, List<ScenarioResult> results) {
        Map<String, Map<String, ScenarioResult>> byScenario = new LinkedHashMap<>();
        for (ScenarioResult r : results) {
            byScenario.computeIfAbsent(r.scenario(), k -> new LinkedHashMap<>()).put(r.system(), r);
        }
        TextTable acceptance = new TextTable("scenario", first + " acc/s", second + " acc/s", "ratio",
                first + " p99", second + " p99", "errors " + first + "/" + second);
        TextTable endToEnd = new TextTable("scenario", first + " e2e/s", second + " e2e/s", "ratio",
                first + " p50/p99", second + " p50/p99", "dup/corrupt " + first + "/" + second);
        boolean anyEndToEnd = false;
        for (var entry : byScenario.entrySet()) {
            ScenarioResult a = entry.getValue().get(first);
            ScenarioResult b = entry.getValue().get(second);
            LoadReport la = a == null ? null : a.load();
            LoadReport lb = b == null ? null : b.load();
            acceptance.row(entry.getKey(), rate(la == null ? null : la.acceptedPerSecond()),
                    rate(lb == null ? null : lb.acceptedPerSecond()),
                    ratio(la == null ? null : la.acceptedPerSecond(), lb == null ? null : lb.acceptedPerSecond()),
                    la == null ? "-" : LatencySummary.format(la.replyLatency().p99()),
                    lb == null ? "-" : LatencySummary.format(lb.replyLatency().p99()),
                    errors(la) + "/" + errors(lb));
            SinkReport sa = a == null ? null : a.sink();
            SinkReport sb = b == null ? null : b.sink();
            if (sa != null || sb != null) {
                anyEndToEnd = true;
                endToEnd.row(entry.getKey(), rate(sa == null ? null : sa.endToEndPerSecond()),
                        rate(sb == null ? null : sb.endToEndPerSecond()),
                        ratio(sa == null ? null : sa.endToEndPerSecond(),
                                sb == null ? null : sb.endToEndPerSecond()),
                        arrival(sa), arrival(sb), integrity(sa) + "/" + integrity(sb));
            }
        }
        String out = "Acceptance (ratio = " + first + "/" + second + ")\n" + acceptance.render();
        if (anyEndToEnd) {
            out += "\nEnd to end, send -> arrival at the sink (ratio = " + first + "/" + second + ")\n"
                    + endToEnd.render();
        }
        return out;
    }

    /** {@code 1.52x}; {@code -} when a side is missing or zero. */
    static String ratio(Double a, Double b) {
        if (a == null || b == null || b == 0) {
            return "-";
        }
        return String.format("%.2fx", a / b);
    }

    private static String rate(Double v) {
        return v == null ? "-" : String.format("%.0f", v);
    }

    private static String errors(LoadReport r) {
        return r == null ? "-" : Long.toString(r.failed());
    }

    private static String arrival(SinkReport s) {
        return s == null ? "-" : LatencySummary.format(s.latency().p50()) + " / "
                + LatencySummary.format(s.latency().p99());
    }

    private static String integrity(SinkReport s) {
        return s == null ? "-" : s.duplicates() + ":" + s.corrupt();
    }
}
