package io.postmesh.queue.quota;

import io.postmesh.queue.config.SchedulingConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Per-tenant daily and monthly message quotas, counted in Redis ({@code pm:quota:<tenant>:d:<yyyyMMdd>},
 * {@code pm:quota:<tenant>:m:<yyyyMM>}) so that all queue replicas share them. A message over quota is not
 * counted (the counters are given back), so the count is of messages let through.
 *
 * <p>When a message is deferred for quota, the tenant is marked blocked until the period ends
 * ({@code pm:quota:block:<tenant>}, expiring then): {@link io.postmesh.queue.routing.JobRouter} sends that
 * tenant's jobs back to {@code mail.deferred} instead of delivering them, so deferred mail goes out when the
 * period is over and not at the next retry. Mail released at the start of a period is not counted against
 * it (it was counted as over quota in the previous one).
 */
@ApplicationScoped
public class TenantQuotas {
    private final SchedulingConfig config;
    private final ReactiveValueCommands<String, Long> values;
    private final ReactiveKeyCommands<String> keys;
    private final Clock clock;

    public TenantQuotas(SchedulingConfig config, ReactiveRedisDataSource redis) {
        this.config = config;
        this.values = redis.value(Long.class);
        this.keys = redis.key();
        this.clock = Clock.systemUTC();
    }

    /** Whether {@code tenant} has a daily or monthly quota, so its messages are counted. */
    public boolean limits(String tenant) {
        return quotaOf(tenant) != null;
    }

    /** Counts one message of {@code tenant} and says whether it may go. Tenants without a quota cost nothing. */
    public CompletionStage<QuotaPolicy.Decision> charge(String tenant) {
        SchedulingConfig.Quota quota = quotaOf(tenant);
        if (quota == null) {
            return CompletableFuture.completedFuture(QuotaPolicy.Decision.ALLOW_ALL);
        }
        Instant now = clock.instant();
        String day = QuotaPolicy.dayKey(tenant, now);
        String month = QuotaPolicy.monthKey(tenant, now);
        boolean reject = "reject".equalsIgnoreCase(quota.policy());
        return Uni.combine().all().unis(incr(day, Duration.ofDays(2)), incr(month, Duration.ofDays(32)))
                .asTuple()
                .flatMap(counts -> {
                    QuotaPolicy.Decision decision = QuotaPolicy.decide(quota.daily().orElse(null),
                            quota.monthly().orElse(null), counts.getItem1(), counts.getItem2(), reject, now);
                    if (decision.verdict() == QuotaPolicy.Verdict.ALLOW) {
                        return Uni.createFrom().item(decision);
                    }
                    Uni<Void> giveBack = Uni.combine().all().unis(values.decr(day), values.decr(month))
                            .discardItems();
                    if (decision.verdict() == QuotaPolicy.Verdict.DEFER) {
                        giveBack = giveBack.call(() -> block(tenant, decision.resumeAt()));
                    }
                    return giveBack.replaceWith(decision);
                })
                .subscribeAsCompletionStage();
    }

    /** Until when {@code tenant}'s mail is held back for quota, or null when it is not. */
    public CompletionStage<Instant> blockedUntil(String tenant) {
        if (!config.quotas().containsKey(tenant)) {
            return CompletableFuture.completedFuture(null);
        }
        return values.get(blockKey(tenant))
                .map(millis -> millis == null || millis <= clock.millis() ? null : Instant.ofEpochMilli(millis))
                .subscribeAsCompletionStage();
    }

    /** The tenant's quota when it sets a daily or monthly limit, else null. */
    private SchedulingConfig.Quota quotaOf(String tenant) {
        SchedulingConfig.Quota quota = config.quotas().get(tenant);
        return quota != null && (quota.daily().isPresent() || quota.monthly().isPresent()) ? quota : null;
    }

    static String blockKey(String tenant) {
        return "pm:quota:block:" + tenant;
    }

    private Uni<Void> block(String tenant, Instant until) {
        return values.set(blockKey(tenant), until.toEpochMilli(),
                new io.quarkus.redis.datasource.value.SetArgs().pxAt(until)).replaceWithVoid();
    }

    private Uni<Long> incr(String key, Duration ttl) {
        return values.incr(key).call(count -> count == 1 ? keys.expire(key, ttl) : Uni.createFrom().voidItem());
    }
}
