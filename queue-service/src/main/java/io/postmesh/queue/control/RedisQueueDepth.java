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
    static final String BY_DESTINATION = "pm:depth:destination";
    static final String BY_TENANT = "pm:depth:tenant";
    static final String BY_LANE = "pm:depth:lane";

    private final ReactiveHashCommands<String, String, Long> hashes;
    private final TrackingStore tracking;

    public RedisQueueDepth(ReactiveRedisDataSource redis, TrackingStore tracking) {
        this.hashes = redis.hash(Long.class);
        this.tracking = tracking;
    }

    /**
     * Counts the job in, and registers its recipients with message tracking (status {@code accepted}, the
     * lane that terminal events are counted out of, the campaign report's {@code accepted} counter).
     */
    @Override
    public CompletionStage<Void> enqueued(Envelope job) {
        return add(job.tenant(), job.destination(), job.lane(), job.recipients().size())
                .chain(() -> tracking.registerJob(job))
                .subscribeAsCompletionStage();
    }

    /** Counts {@code recipients} recipients of this tenant, destination and lane out of the queue. */
    public Uni<Void> dequeued(String tenant, String destination, String lane, int recipients) {
        return add(tenant, destination, lane, -recipients);
    }

    private Uni<Void> add(String tenant, String destination, String lane, long delta) {
        if (delta == 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.combine().all()
                .unis(incr(BY_DESTINATION, destination, delta), incr(BY_TENANT, tenant, delta),
                        incr(BY_LANE, lane, delta))
                .discardItems();
    }

    private Uni<Long> incr(String hash, String field, long delta) {
        return field == null ? Uni.createFrom().item(0L) : hashes.hincrby(hash, field, delta);
    }

    /** The current depth; counts driven below zero by duplicate or unmatched events read as 0. */
    public Uni<Depth> read() {
        return Uni.combine().all().unis(hashes.hgetall(BY_DESTINATION), hashes.hgetall(BY_TENANT),
                hashes.hgetall(BY_LANE)).with((d, t, l) -> new Depth(clamp(d), clamp(t), clamp(l)));
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
