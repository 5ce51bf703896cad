package io.postmesh.loadgen.load;

import io.postmesh.loadgen.report.LatencySummary;
import io.postmesh.loadgen.report.LoadReport;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Counters and latency histograms of one run, shared by all sessions (a lock per record: a few thousand
 * records per second cost nothing next to the socket work).
 */
public final class LoadStats {
    private final Histogram reply = LatencySummary.newMicrosHistogram();
    private final Histogram transaction = LatencySummary.newMicrosHistogram();
    private final Map<String, Long> errors = new TreeMap<>();
    private long accepted;
    private long failed;
    private long bytes;
    private long connections;
    private long lastReplyNanos;

    public synchronized void accepted(int messageBytes, long replyNanos, long transactionNanos, long nowNanos) {
        accepted++;
        bytes += messageBytes;
        reply.recordValue(Math.max(0, replyNanos / 1000));
        transaction.recordValue(Math.max(0, transactionNanos / 1000));
        lastReplyNanos = nowNanos;
    }

    /** A message the server refused or that was lost with its connection. */
    public synchronized void failed(String key, long nowNanos) {
        failed++;
        errors.merge(key, 1L, Long::sum);
        lastReplyNanos = nowNanos;
    }

    /** A problem outside any message (connect refused, banner refused). */
    public synchronized void sessionError(String key) {
        errors.merge(key, 1L, Long::sum);
    }

    public synchronized void connected() {
        connections++;
    }

    public synchronized long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized long accepted() {
        return accepted;
    }

    public synchronized LoadReport report(String label, String runId, String target, int sessions, String sizes,
                                          long startNanos, long endNanos) {
        long end = lastReplyNanos > 0 ? lastReplyNanos : endNanos;
        double seconds = Math.max(0, end - startNanos) / 1e9;
        return new LoadReport(label, runId, target, sessions, sizes, seconds, accepted + failed, accepted, failed,
                bytes, connections, LatencySummary.of(reply), LatencySummary.of(transaction), errors);
    }
}
