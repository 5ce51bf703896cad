package io.postmesh.loadgen.report;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one load run: what was offered, what the server accepted, how fast, and how long replies took.
 * {@code replyLatency} is end of data ({@code CRLF.CRLF} written) to the final reply, the time the server needs
 * to take responsibility for a message (RFC 5321 §4.1.1.4; with Postmesh, the Kafka acknowledgement);
 * {@code transactionLatency} is MAIL written to that reply.
 */
public record LoadReport(String label, String runId, String target, int sessions, String sizes, double seconds, long attempted,
                         long accepted, long failed, long bytesAccepted, long connections,
                         LatencySummary replyLatency, LatencySummary transactionLatency,
                         Map<String, Long> errors) {

    public LoadReport {
        errors = Map.copyOf(errors);
    }

    public double acceptedPerSecond() {
        return seconds > 0 ? accepted / seconds : 0;
    }

    public double megabytesPerSecond() {
        return seconds > 0 ? bytesAccepted / seconds / 1_000_000.0 : 0;
    }

    public JsonObject toJson() {
        JsonObject errorJson = new JsonObject();
        new TreeMap<>(errors).forEach(errorJson::put);
        return new JsonObject()
                .put("kind", "load")
                .put("label", label)
                .put("runId", runId)
                .put("target", target)
                .put("sessions", sessions)
                .put("sizes", sizes)
                .put("seconds", round(seconds, 3))
                .put("attempted", attempted)
                .put("accepted", accepted)
                .put("failed", failed)
                .put("acceptedPerSecond", round(acceptedPerSecond(), 1))
                .put("megabytesPerSecond", round(megabytesPerSecond(), 2))
                .put("bytesAccepted", bytesAccepted)
                .put("connections", connections)
                .put("replyLatency", replyLatency.toJson())
                .put("transactionLatency", transactionLatency.toJson())
                .put("errors", errorJson);
    }

    public static LoadReport fromJson(JsonObject json) {
        Map<String, Long> errors = new TreeMap<>();
        JsonObject e = json.getJsonObject("errors", new JsonObject());
        e.fieldNames().forEach(k -> errors.put(k, e.getLong(k)));
        return new LoadReport(json.getString("label", ""), json.getString("runId", ""), json.getString("target", ""),
                json.getInteger("sessions", 0), json.getString("sizes", ""), json.getDouble("seconds", 0.0),
                json.getLong("attempted", 0L), json.getLong("accepted", 0L), json.getLong("failed", 0L),
                json.getLong("bytesAccepted", 0L), json.getLong("connections", 0L),
                LatencySummary.fromJson(json.getJsonObject("replyLatency")),
                LatencySummary.fromJson(json.getJsonObject("transactionLatency")), errors);
    }

    public String table() {
        TextTable t = new TextTable("load " + label, "value");
        t.row("target", target);
        t.row("sessions x sizes (bytes)", sessions + " x " + sizes);
        t.row("duration", String.format("%.1f s", seconds));
        t.row("accepted / attempted", accepted + " / " + attempted);
        t.row("accepted/s", String.format("%.1f", acceptedPerSecond()));
        t.row("MB/s accepted", String.format("%.2f", megabytesPerSecond()));
        t.row("connections opened", connections);
        t.row("reply latency p50 / p99 / max", latencies(replyLatency));
        t.row("transaction p50 / p99 / max", latencies(transactionLatency));
        if (errors.isEmpty()) {
            t.row("errors", "none");
        } else {
            new TreeMap<>(errors).forEach((k, v) -> t.row("error " + k, v));
        }
        return t.render();
    }

    static String latencies(LatencySummary s) {
        return LatencySummary.format(s.p50()) + " / " + LatencySummary.format(s.p99()) + " / "
                + LatencySummary.format(s.max());
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
