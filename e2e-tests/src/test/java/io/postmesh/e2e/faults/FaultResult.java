package io.postmesh.e2e.faults;

import io.postmesh.loadgen.report.LatencySummary;
import io.postmesh.loadgen.report.LoadReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Everything one scenario produced, as JSON ({@code target/faults/NAME.json}) and as table rows. */
record FaultResult(FaultPlan plan, LoadReport load, FaultVerdict verdict, Drift drift,
                   Map<String, ProcessProbe> before, Map<String, ProcessProbe> after, List<String> timeline,
                   long events) {

    static final String HEADER = String.format("%-14s %8s %8s %7s %9s %9s %6s %6s %10s %11s  %s", "scenario",
            "accepted", "refused", "unknown", "delivered", "permanent", "dups", "lost", "unaccepted",
            "max delay", "verdict");

    String row() {
        FaultVerdict v = verdict;
        return String.format("%-14s %8d %8d %7d %9d %9d %6d %6d %10d %11s  %s", plan.fault().cliName(),
                v.accepted(), v.refused(), v.unknown(), v.delivered(), v.permanent(), v.duplicates(), v.lost(),
                v.unaccepted(), LatencySummary.format(v.maxDelayMs()), v.clean() ? "ok" : "FAIL");
    }

    /** Heap/RSS/descriptors per service at start and end (soak). */
    String probeTable() {
        StringBuilder out = new StringBuilder(String.format("%-18s %12s %12s %10s %10s %6s %6s%n", "service",
                "heap start", "heap end", "RSS start", "RSS end", "fd st", "fd end"));
        before.forEach((service, b) -> {
            ProcessProbe a = after.get(service);
            out.append(String.format("%-18s %9d KiB %9d KiB %6d MiB %6d MiB %6d %6d%n", service, b.heapUsedKb(),
                    a == null ? -1 : a.heapUsedKb(), b.rssKb() / 1024, a == null ? -1 : a.rssKb() / 1024,
                    b.fds(), a == null ? -1 : a.fds()));
        });
        out.append(String.format("send→arrival p50/p99: first tenth %s / %s, last tenth %s / %s%n",
                LatencySummary.format(drift.firstP50Ms()), LatencySummary.format(drift.firstP99Ms()),
                LatencySummary.format(drift.lastP50Ms()), LatencySummary.format(drift.lastP99Ms())));
        return out.toString();
    }

    JsonObject toJson() {
        JsonObject probes = new JsonObject();
        before.forEach((s, b) -> probes.put(s, new JsonObject().put("start", b.toJson())
                .put("end", after.containsKey(s) ? after.get(s).toJson() : null)));
        return new JsonObject()
                .put("scenario", plan.fault().cliName())
                .put("plan", new JsonObject().put("rate", plan.rate()).put("sessions", plan.sessions())
                        .put("size", plan.size()).put("durationS", plan.duration().toSeconds())
                        .put("faultAtS", plan.faultAt().toSeconds()).put("windowS", plan.window().toSeconds()))
                .put("verdict", verdict.toJson())
                .put("load", load.toJson())
                .put("drift", drift.toJson())
                .put("processes", probes)
                .put("eventsRead", events)
                .put("timeline", new JsonArray(List.copyOf(timeline)));
    }
}
