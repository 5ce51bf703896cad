package io.postmesh.loadgen.sink;

import io.postmesh.loadgen.report.LatencySummary;
import io.postmesh.loadgen.report.TextTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What arrived at the sink. {@code unique} counts distinct bench ids; {@code duplicates} counts arrivals of an
 * id already seen; {@code corrupt} counts bodies that differ from what the generator summed. Latency is from the
 * generator's send time ({@code X-Postmesh-Bench-Sent}) to the sink's receipt of the end of data, first arrival
 * of each id.
 */
public record SinkReport(long messages, long recipients, long bytes, long unique, long duplicates, long corrupt,
                         long notBench, long firstSentMicros, long firstArrivalMicros, long lastArrivalMicros,
                         LatencySummary latency, List<String> duplicateSamples, List<String> corruptSamples,
                         Map<String, Long> runs) {

    public SinkReport {
        duplicateSamples = List.copyOf(duplicateSamples);
        corruptSamples = List.copyOf(corruptSamples);
        runs = Map.copyOf(runs);
    }

    /** Distinct messages of one generator run (its {@code runId}). */
    public long uniqueOfRun(String runId) {
        return runs.getOrDefault(runId, 0L);
    }

    /**
     * Distinct messages per second from the first send to the last arrival: the end-to-end rate when the sink
     * was reset before the load started.
     */
    public double endToEndPerSecond() {
        long span = lastArrivalMicros - firstSentMicros;
        return unique == 0 || firstSentMicros == 0 || span <= 0 ? 0 : unique / (span / 1e6);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("kind", "sink")
                .put("messages", messages)
                .put("recipients", recipients)
                .put("bytes", bytes)
                .put("unique", unique)
                .put("duplicates", duplicates)
                .put("corrupt", corrupt)
                .put("notBench", notBench)
                .put("firstSentMicros", firstSentMicros)
                .put("firstArrivalMicros", firstArrivalMicros)
                .put("lastArrivalMicros", lastArrivalMicros)
                .put("endToEndPerSecond", Math.round(endToEndPerSecond() * 10) / 10.0)
                .put("latency", latency.toJson())
                .put("duplicateSamples", new JsonArray(duplicateSamples))
                .put("corruptSamples", new JsonArray(corruptSamples))
                .put("runs", runsJson());
    }

    private JsonObject runsJson() {
        JsonObject json = new JsonObject();
        new TreeMap<>(runs).forEach(json::put);
        return json;
    }

    public static SinkReport fromJson(JsonObject json) {
        return new SinkReport(json.getLong("messages", 0L), json.getLong("recipients", 0L),
                json.getLong("bytes", 0L), json.getLong("unique", 0L), json.getLong("duplicates", 0L),
                json.getLong("corrupt", 0L), json.getLong("notBench", 0L), json.getLong("firstSentMicros", 0L),
                json.getLong("firstArrivalMicros", 0L), json.getLong("lastArrivalMicros", 0L),
                LatencySummary.fromJson(json.getJsonObject("latency")),
                strings(json.getJsonArray("duplicateSamples")), strings(json.getJsonArray("corruptSamples")),
                longs(json.getJsonObject("runs")));
    }

    private static Map<String, Long> longs(JsonObject json) {
        Map<String, Long> map = new TreeMap<>();
        if (json != null) {
            json.fieldNames().forEach(k -> map.put(k, json.getLong(k)));
        }
        return map;
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }

    public String table() {
        TextTable t = new TextTable("sink", "value");
        t.row("messages (recipients)", messages + " (" + recipients + ")");
        t.row("unique bench ids", unique);
        t.row("duplicates", duplicates);
        t.row("corrupt", corrupt);
        t.row("not from the generator", notBench);
        t.row("send->arrival msgs/s", String.format("%.1f", endToEndPerSecond()));
        t.row("send->arrival p50 / p99 / max", LatencySummary.format(latency.p50()) + " / "
                + LatencySummary.format(latency.p99()) + " / " + LatencySummary.format(latency.max()));
        duplicateSamples.forEach(d -> t.row("duplicate", d));
        corruptSamples.forEach(c -> t.row("corrupt", c));
        return t.render();
    }
}
