package io.postmesh.bounce.suppression;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link SuppressionStore} in Redis: hash {@code pm:suppression:<tenant>}, field = address in lower case,
 * value = the JSON of {@link Suppression}. This is the hash the queue service reads before routing, so an
 * entry written here stops mail at once. Expiry is a field in the value rather than a Redis TTL because Redis
 * (before 7.4) cannot expire single hash fields; expired entries are simply ignored by every reader.
 */
@ApplicationScoped
public class RedisSuppressionStore implements SuppressionStore {
    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;
    private final Clock clock;

    @Inject
    public RedisSuppressionStore(RedisDataSource redis) {
        this(redis, Clock.systemUTC());
    }

    public RedisSuppressionStore(RedisDataSource redis, Clock clock) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.clock = clock;
    }

    /** The same key the queue service's {@code RedisSuppressionList.key} builds. */
    public static String key(String tenant) {
        return "pm:suppression:" + tenant;
    }

    @Override
    public boolean add(String tenant, String address, String reason, Optional<Duration> ttl) {
        Instant now = clock.instant();
        Suppression entry = new Suppression(address, reason, now, ttl.map(now::plus).orElse(null));
        return hashes.hset(key(tenant), address, entry.toValue());
    }

    @Override
    public boolean remove(String tenant, String address) {
        return hashes.hdel(key(tenant), address) > 0;
    }

    @Override
    public Optional<Suppression> get(String tenant, String address) {
        String value = hashes.hget(key(tenant), address);
        if (value == null) {
            return Optional.empty();
        }
        Suppression entry = Suppression.fromValue(address, value);
        return entry.activeAt(clock.instant()) ? Optional.of(entry) : Optional.empty();
    }

    @Override
    public Page list(String tenant, String cursor, int limit) {
        // HSCAN rather than HGETALL: a tenant's list can hold millions of addresses. COUNT is only a hint to
        // Redis (a small hash comes back whole), so a page takes at most `limit` entries of a scan step and the
        // cursor "<scan cursor>:<entries already taken>" resumes inside that step. The typed HashScanCursor
        // cannot resume from a cursor another request returned, so the raw command is used.
        String[] position = cursor.split(":", 2);
        String scan = position[0];
        int skip = position.length > 1 ? Integer.parseInt(position[1]) : 0;
        Instant now = clock.instant();
        List<Suppression> items = new ArrayList<>();
        while (true) {
            Response reply = redis.execute("HSCAN", key(tenant), scan, "COUNT", Integer.toString(limit));
            String next = reply.get(0).toString();
            Response pairs = reply.get(1);
            int entries = pairs.size() / 2;
            int i = skip;
            for (; i < entries && items.size() < limit; i++) {
                Suppression entry = Suppression.fromValue(pairs.get(2 * i).toString(), pairs.get(2 * i + 1).toString());
                if (entry.activeAt(now)) {
                    items.add(entry);
                }
            }
            if (i < entries) {
                return new Page(items, scan + ":" + i);
            }
            if ("0".equals(next)) {
                return new Page(items, null);
            }
            scan = next;
            skip = 0;
            if (items.size() >= limit) {
                return new Page(items, scan);
            }
        }
    }
}
