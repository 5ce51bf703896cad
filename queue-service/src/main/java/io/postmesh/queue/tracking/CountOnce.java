package io.postmesh.queue.tracking;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Increments a report counter at most once per event identity. Events are delivered at least once, so the
 * identity ({@code type:recipient:attempt}) goes into a per-message set {@code pm:seen:<queueId>} and the
 * counter moves only when it was new. One Lua script does both, so a crash cannot leave one without the other.
 */
final class CountOnce {
    // KEYS[1] seen set, KEYS[2] report hash; ARGV: member, field, seen ttl (s), report ttl (s)
    private static final String SCRIPT = """
            local added = redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            if added == 1 then
              redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
              redis.call('EXPIRE', KEYS[2], ARGV[4])
            end
            return added
            """;

    private final ReactiveRedisDataSource redis;
    private final Duration seenTtl;
    private final Duration reportTtl;

    CountOnce(ReactiveRedisDataSource redis, Duration seenTtl, Duration reportTtl) {
        this.redis = redis;
        this.seenTtl = seenTtl;
        this.reportTtl = reportTtl;
    }

    /** Emits whether the counter was incremented (false: this identity was counted before). */
    Uni<Boolean> count(String queueId, String identity, String reportKey, String field) {
        return redis.execute("EVAL", SCRIPT, "2", TrackingStore.SEEN + queueId, reportKey, identity, field,
                Long.toString(seenTtl.toSeconds()), Long.toString(reportTtl.toSeconds()))
                .map(reply -> reply != null && reply.toLong() == 1L);
    }
}
