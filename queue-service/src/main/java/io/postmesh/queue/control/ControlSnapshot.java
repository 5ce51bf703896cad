package io.postmesh.queue.control;

import java.util.Map;

/**
 * One immutable reading of the operator rules, so that the hot path ({@link QueueControl} per job) answers
 * from memory. Keys are {@link RuleScope#field()}s.
 *
 * @param suspended        active suspensions
 * @param flushed          epoch millis of the latest "retry now" per scope
 * @param purged           epoch millis of the latest purge per scope
 * @param releaseGeneration bumped by every resume, retry-now and purge: a change tells the hold releaser to run
 */
public record ControlSnapshot(Map<String, Suspension> suspended, Map<String, Long> flushed,
                              Map<String, Long> purged, long releaseGeneration) {

    public static final ControlSnapshot EMPTY = new ControlSnapshot(Map.of(), Map.of(), Map.of(), 0);

    public ControlSnapshot {
        suspended = Map.copyOf(suspended);
        flushed = Map.copyOf(flushed);
        purged = Map.copyOf(purged);
    }

    public boolean suspended(String tenant, String destination) {
        for (String field : RuleScope.fieldsCovering(tenant, destination)) {
            if (suspended.containsKey(field)) {
                return true;
            }
        }
        return false;
    }

    public long flushedAt(String tenant, String destination) {
        return latest(flushed, tenant, destination);
    }

    public long purgedAt(String tenant, String destination) {
        return latest(purged, tenant, destination);
    }

    private static long latest(Map<String, Long> rules, String tenant, String destination) {
        long latest = 0;
        for (String field : RuleScope.fieldsCovering(tenant, destination)) {
            latest = Math.max(latest, rules.getOrDefault(field, 0L));
        }
        return latest;
    }
}
