package io.postmesh.queue.control;

import io.postmesh.model.Json;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * {@link QueueControl} over rules kept in Redis, so that every replica obeys the same operator:
 * hash {@code pm:control:suspended} (field {@link RuleScope#field()} → JSON {@link Suspension}), hashes
 * {@code pm:control:flushed} and {@code pm:control:purged} (field → epoch millis) and the counter
 * {@code pm:control:release}. The per-job methods read an in-memory snapshot that a Vert.x timer refreshes
 * every {@code postmesh.queue.control.refresh}; changes made here refresh it at once.
 */
@ApplicationScoped
public class RedisQueueControl implements QueueControl {
    private static final Logger LOG = Logger.getLogger(RedisQueueControl.class);
    static final String SUSPENDED = "pm:control:suspended";
    static final String FLUSHED = "pm:control:flushed";
    static final String PURGED = "pm:control:purged";
    static final String RELEASE = "pm:control:release";

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveValueCommands<String, Long> counters;
    private final Vertx vertx;
    private final ControlConfig config;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile ControlSnapshot snapshot = ControlSnapshot.EMPTY;
    private volatile long timer = -1;

    public RedisQueueControl(ReactiveRedisDataSource redis, Vertx vertx, ControlConfig config) {
        this.hashes = redis.hash(String.class);
        this.counters = redis.value(Long.class);
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Reads the rules before any consumer starts (messaging starts at LIBRARY_BEFORE), so no job is routed
     * against an empty rule set; if Redis cannot be read, startup fails rather than ignore a suspension.
     */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        refresh().await().atMost(config.startupTimeout());
        timer = vertx.setPeriodic(config.refresh().toMillis(), id -> refreshInBackground());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    @Override
    public boolean suspended(String tenant, String destination) {
        return snapshot.suspended(tenant, destination);
    }

    @Override
    public long flushedAt(String tenant, String destination) {
        return snapshot.flushedAt(tenant, destination);
    }

    @Override
    public long purgedAt(String tenant, String destination) {
        return snapshot.purgedAt(tenant, destination);
    }

    @Override
    public long rulesVersion() {
        return snapshot.releaseGeneration();
    }

    /** The rules as last read; the hold releaser watches its release generation. */
    public ControlSnapshot snapshot() {
        return snapshot;
    }

    /** Suspends the scope (replacing an earlier suspension of it) and returns the stored rule. */
    public Uni<Suspension> suspend(RuleScope scope, String by, String reason) {
        Suspension rule = new Suspension(Instant.now(), by, reason);
        String json = new String(Json.write(rule), StandardCharsets.UTF_8);
        return hashes.hset(SUSPENDED, scope.field(), json).chain(this::refresh).replaceWith(rule);
    }

    /** Lifts the scope's suspension and wakes the hold releasers; returns whether there was one. */
    public Uni<Boolean> resume(RuleScope scope) {
        return hashes.hdel(SUSPENDED, scope.field())
                .call(() -> counters.incr(RELEASE))
                .call(this::refresh)
                .map(removed -> removed > 0);
    }

    /** "Retry now" for the scope: records now as its flush time and wakes the hold releasers. */
    public Uni<Instant> retryNow(RuleScope scope) {
        return stamp(FLUSHED, scope);
    }

    /** Purges the scope's queued jobs first seen before now; the hold releasers drop held ones at once. */
    public Uni<Instant> purge(RuleScope scope) {
        return stamp(PURGED, scope);
    }

    private Uni<Instant> stamp(String hash, RuleScope scope) {
        Instant now = Instant.now();
        return hashes.hset(hash, scope.field(), Long.toString(now.toEpochMilli()))
                .call(() -> counters.incr(RELEASE))
                .call(this::refresh)
                .replaceWith(now);
    }

    /**
     * Reads all rules from Redis into a new snapshot. The release counter is read before the rules, and
     * writers change the rules before bumping it, so a snapshot with a new generation has the new rules.
     */
    public Uni<ControlSnapshot> refresh() {
        return counters.get(RELEASE).chain(release -> Uni.combine().all()
                .unis(hashes.hgetall(SUSPENDED), hashes.hgetall(FLUSHED), hashes.hgetall(PURGED))
                .with((suspended, flushed, purged) -> {
                    ControlSnapshot next = new ControlSnapshot(suspensions(suspended), millis(flushed),
                            millis(purged), release == null ? 0 : release);
                    snapshot = next;
                    return next;
                }));
    }

    private void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) {
            return; // the previous read is still running (slow Redis): skip a beat rather than pile up
        }
        refresh().onTermination().invoke(() -> refreshing.set(false)).subscribe().with(
                ok -> { },
                error -> LOG.warnf("queue control rules not refreshed, keeping the last ones: %s", error.toString()));
    }

    private static Map<String, Suspension> suspensions(Map<String, String> raw) {
        Map<String, Suspension> out = new HashMap<>();
        raw.forEach((field, json) -> {
            try {
                out.put(field, Json.read(json.getBytes(StandardCharsets.UTF_8), Suspension.class));
            } catch (IllegalArgumentException e) {
                // Unreadable value: still a suspension. Holding mail by mistake is safer than sending it.
                out.put(field, new Suspension(null, null, "unreadable rule"));
            }
        });
        return out;
    }

    private static Map<String, Long> millis(Map<String, String> raw) {
        Map<String, Long> out = new HashMap<>();
        raw.forEach((field, value) -> {
            try {
                out.put(field, Long.parseLong(value));
            } catch (NumberFormatException e) {
                LOG.warnf("ignoring control field %s with value %s", field, value);
            }
        });
        return out;
    }
}
