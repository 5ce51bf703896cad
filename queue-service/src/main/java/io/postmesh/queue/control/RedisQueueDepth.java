package io.postmesh.queue.control;

import io.postmesh.model.Envelope;
import io.postmesh.queue.tracking.TrackingStore;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
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
    static final String BY_DESTINATION = DepthChange.BY_DESTINATION;
    static final String BY_TENANT = DepthChange.BY_TENANT;
    static final String BY_LANE = DepthChange.BY_LANE;

    private final ReactiveHashCommands<String, String, Long> hashes;
    private final Redis redis;
    private final TrackingStore tracking;

    public RedisQueueDepth(ReactiveRedisDataSource redis, TrackingStore tracking) {
        this.hashes = redis.hash(Long.class);
        this.redis = redis.getRedis();
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

    /** Counts {@code recipients} recipients of this tenant, destination and lane out of the queue. */
    public Uni<Void> dequeued(String tenant, String destination, String lane, int recipients) {
        return add(tenant, destination, lane, -recipients);
    }

    /** The HINCRBYs of a change as one pipelined batch: one write, one round trip. */
    private Uni<Void> add(String tenant, String destination, String lane, long delta) {
        List<Request> increments = new ArrayList<>();
        new DepthChange(tenant, destination, lane, delta).increments().forEach((hash, field) ->
                increments.add(Request.cmd(Command.HINCRBY).arg(hash).arg(field).arg(delta)));
        return increments.isEmpty() ? Uni.createFrom().voidItem() : redis.batch(increments).replaceWithVoid();
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
