package io.postmesh.loadgen.report;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution in milliseconds. The histogram records microseconds with three
 * significant digits (HdrHistogram: values within 0.1 % of the true value), so p99 of 2.5 s reads 2.5 s ± 2.5 ms.
 */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    /** A histogram over microseconds up to one hour, the range every harness histogram uses. */
    public static Histogram newMicrosHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()), Math.round(micros.getMean()) / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    public JsonObject toJson() {
        return new JsonObject().put("count", count).put("p50Ms", p50).put("p90Ms", p90).put("p99Ms", p99)
                .put("p999Ms", p999).put("maxMs", max).put("meanMs", mean);
    }

    public static LatencySummary fromJson(JsonObject json) {
        if (json == null) {
            return EMPTY;
        }
        return new LatencySummary(json.getLong("count", 0L), json.getDouble("p50Ms", 0.0),
                json.getDouble("p90Ms", 0.0), json.getDouble("p99Ms", 0.0), json.getDouble("p999Ms", 0.0),
                json.getDouble("maxMs", 0.0), json.getDouble("meanMs", 0.0));
    }

    /** {@code 1.23 ms}, {@code 45.6 ms}, {@code 2.31 s}: three significant figures, unit chosen by size. */
    public static String format(double millis) {
        if (millis >= 1000) {
            return String.format("%.2f s", millis / 1000);
        }
        if (millis >= 100) {
            return String.format("%.0f ms", millis);
        }
        if (millis >= 10) {
            return String.format("%.1f ms", millis);
        }
        return String.format("%.2f ms", millis);
    }
}
