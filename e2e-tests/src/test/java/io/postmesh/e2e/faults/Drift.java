package io.postmesh.e2e.faults;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Latency drift over a run: send → arrival p50 and p99 of the first and of the last tenth of the messages, in
 * send order (the generator numbers messages in the order they are due). A pipeline that leaks or falls behind
 * shows a last tenth slower than the first.
 */
record Drift(long samples, double firstP50Ms, double firstP99Ms, double lastP50Ms, double lastP99Ms) {

    static Drift of(Map<String, Long> delayMicrosById) {
        List<Map.Entry<String, Long>> ordered = delayMicrosById.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> number(e.getKey()))).toList();
        int tenth = Math.max(1, ordered.size() / 10);
        if (ordered.isEmpty()) {
            return new Drift(0, 0, 0, 0, 0);
        }
        long[] first = ordered.subList(0, Math.min(tenth, ordered.size())).stream()
                .mapToLong(Map.Entry::getValue).sorted().toArray();
        long[] last = ordered.subList(Math.max(0, ordered.size() - tenth), ordered.size()).stream()
                .mapToLong(Map.Entry::getValue).sorted().toArray();
        return new Drift(ordered.size(), pct(first, 50), pct(first, 99), pct(last, 50), pct(last, 99));
    }

    /** Nearest-rank percentile of sorted microseconds, in milliseconds. */
    static double pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }

    private static long number(String id) {
        int dash = id.lastIndexOf('-');
        try {
            return Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    JsonObject toJson() {
        return new JsonObject().put("samples", samples).put("firstTenthP50Ms", firstP50Ms)
                .put("firstTenthP99Ms", firstP99Ms).put("lastTenthP50Ms", lastP50Ms).put("lastTenthP99Ms", lastP99Ms);
    }

    @Override
    public String toString() {
        return Arrays.toString(new double[] {firstP50Ms, firstP99Ms, lastP50Ms, lastP99Ms});
    }
}
