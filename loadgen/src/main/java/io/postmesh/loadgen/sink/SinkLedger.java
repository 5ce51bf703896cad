package io.postmesh.loadgen.sink;

import io.postmesh.loadgen.message.BenchMessageCheck;
import io.postmesh.loadgen.message.BenchMessageCheck.Integrity;
import io.postmesh.loadgen.report.LatencySummary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What the sink has seen: every arrival checked for its bench id (duplicates), its body (integrity) and its
 * send time (send-to-arrival latency, first arrival of each id only). Thread-safe; one lock per arrival.
 */
public final class SinkLedger {
    private static final int SAMPLES = 5;

    private final Set<String> ids = new HashSet<>();
    /** Distinct messages per generator run (the id's part before the last '-'), so a wait can ignore stragglers. */
    private final Map<String, Long> runs = new TreeMap<>();
    private Histogram latency = LatencySummary.newMicrosHistogram();
    private final List<String> duplicateSamples = new ArrayList<>();
    private final List<String> corruptSamples = new ArrayList<>();
    private long messages;
    private long recipients;
    private long bytes;
    private long duplicates;
    private long corrupt;
    private long notBench;
    private long firstSentMicros = Long.MAX_VALUE;
    private long firstArrivalMicros;
    private long lastArrivalMicros;

    /** Records one arrival at {@code arrivalMicros} (epoch) and returns its number, counting from 1. */
    public synchronized long record(byte[] message, int rcpts, long arrivalMicros) {
        messages++;
        recipients += rcpts;
        bytes += message.length;
        if (firstArrivalMicros == 0) {
            firstArrivalMicros = arrivalMicros;
        }
        lastArrivalMicros = Math.max(lastArrivalMicros, arrivalMicros);
        BenchMessageCheck.Result result = BenchMessageCheck.check(message);
        if (result.integrity() == Integrity.NOT_BENCH) {
            notBench++;
            return messages;
        }
        if (result.integrity() == Integrity.CORRUPT) {
            corrupt++;
            sample(corruptSamples, result.id() + ": " + result.problem());
        }
        if (!ids.add(result.id())) {
            duplicates++;
            sample(duplicateSamples, result.id());
            return messages;
        }
        int dash = result.id().lastIndexOf('-');
        runs.merge(dash > 0 ? result.id().substring(0, dash) : "", 1L, Long::sum);
        if (result.sentMicros() > 0) {
            firstSentMicros = Math.min(firstSentMicros, result.sentMicros());
            latency.recordValue(Math.max(0, arrivalMicros - result.sentMicros()));
        }
        return messages;
    }

    public synchronized long unique() {
        return ids.size();
    }

    public synchronized void reset() {
        ids.clear();
        runs.clear();
        latency = LatencySummary.newMicrosHistogram();
        duplicateSamples.clear();
        corruptSamples.clear();
        messages = recipients = bytes = duplicates = corrupt = notBench = 0;
        firstSentMicros = Long.MAX_VALUE;
        firstArrivalMicros = lastArrivalMicros = 0;
    }

    public synchronized SinkReport report() {
        return new SinkReport(messages, recipients, bytes, ids.size(), duplicates, corrupt, notBench,
                firstSentMicros == Long.MAX_VALUE ? 0 : firstSentMicros, firstArrivalMicros, lastArrivalMicros,
                LatencySummary.of(latency), duplicateSamples, corruptSamples, runs);
    }

    private static void sample(List<String> samples, String text) {
        if (samples.size() < SAMPLES) {
            samples.add(text);
        }
    }
}
