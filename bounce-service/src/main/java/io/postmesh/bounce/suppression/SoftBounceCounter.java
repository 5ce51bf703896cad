package io.postmesh.bounce.suppression;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts soft bounces per tenant and address over a sliding window, in Redis so every replica sees the same
 * count: sorted set {@code pm:softbounce:<tenant>:<address>}, member = the bounce's identity, score = epoch
 * milliseconds. The member makes a redelivered event (at-least-once, see docs) count once; the key expires a
 * window after the last bounce, so addresses that stop bouncing leave nothing behind.
 */
@ApplicationScoped
public class SoftBounceCounter {
    private final SortedSetCommands<String, String> sets;
    private final KeyCommands<String> keys;
    private final Clock clock;

    @Inject
    public SoftBounceCounter(RedisDataSource redis) {
        this(redis, Clock.systemUTC());
    }

    public SoftBounceCounter(RedisDataSource redis, Clock clock) {
        this.sets = redis.sortedSet(String.class);
        this.keys = redis.key();
        this.clock = clock;
    }

    public static String key(String tenant, String address) {
        return "pm:softbounce:" + tenant + ":" + address;
    }

    /**
     * Records one soft bounce and returns how many fall within {@code window} now (this one included).
     *
     * @param bounceId identity of the bounce (queue id, attempt), so the same event counted twice counts once
     */
    public long record(String tenant, String address, String bounceId, Duration window) {
        String key = key(tenant, address);
        Instant now = clock.instant();
        sets.zadd(key, now.toEpochMilli(), bounceId);
        sets.zremrangebyscore(key, ScoreRange.from(Double.NEGATIVE_INFINITY,
                (double) now.minus(window).toEpochMilli()));
        keys.pexpire(key, window);
        return sets.zcard(key);
    }

    /** Forgets the count, once the address is suppressed (the next suppression needs a fresh run of bounces). */
    public void reset(String tenant, String address) {
        keys.del(key(tenant, address));
    }
}
