package io.postmesh.queue.control;

import io.postmesh.model.Envelope;
import io.postmesh.queue.tracking.TrackingStore;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * {@link QueueDepth} as three Redis hashes of recipient counts, {@code pm:depth:destination},
 * {@code pm:depth:tenant} and {@code pm:depth:lane}: HINCRBY up when the scheduler enqueues a job, down when
 * the tracking consumer sees a recipient reach a terminal state. Shared by all replicas.
 */
@ApplicationScoped
public class RedisQueueDepth implements QueueDepth {
    private final ReactiveHashCommands<String, String, Long> hashes;
    private final TrackingStore tracking;

    public RedisQueueDepth(ReactiveRedisDataSource redis, TrackingStore tracking) {
        this.hashes = redis.hash(Long.class);
        this.tracking = tracking;
    }

    /**
     * Counts the job in, and registers its recipients with message tracking (status {@code accepted}, the
     * lane that terminal events are counted out of, the campaign report's {@code accepted} counter): all in
     * tracking's one script, so one Redis round trip per job.
     */
    @Override
    public CompletionStage<Void> enqueued(Envelope job) {
        return tracking.registerJob(job,
                        new DepthChange(job.tenant(), job.destination(), job.lane(), job.recipients().size()))
                .subscribeAsCompletionStage();
    }

    /** The current depth; counts driven below zero by duplicate or unmatched events read as 0. */
    public Uni<Depth> read() {
        return Uni.combine().all().unis(hashes.hgetall(DepthChange.BY_DESTINATION),
                        hashes.hgetall(DepthChange.BY_TENANT), hashes.hgetall(DepthChange.BY_LANE))
                .with((d, t, l) -> new Depth(clamp(d), clamp(t), clamp(l)));
    }

    private static Map<String, Long> clamp(Map<String, Long> raw) {
        Map<String, Long> out = new TreeMap<>();
        raw.forEach((k, v) -> {
            if (v != null && v > 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Recipients queued per destination, tenant and lane (only positive counts). */
    public record Depth(Map<String, Long> destinations, Map<String, Long> tenants, Map<String, Long> lanes) {}
}
