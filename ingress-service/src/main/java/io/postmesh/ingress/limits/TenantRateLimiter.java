package io.postmesh.ingress.limits;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Messages per period per tenant, shared by every ingress replica: a token bucket per tenant in Redis
 * ({@code pm:rate:tenant:<tenant>}), taken from by one Lua script ({@code limits/tenant-rate.lua}) so that
 * concurrent replicas never both spend the last token.
 *
 * <p>Non-blocking (the reactive Redis client): callable from an event loop. A tenant without a rate costs no
 * Redis round trip. When Redis does not answer (down, or slower than {@code rate-check-timeout}) the message is
 * let through with a warning: fail open. A rate limit protects receivers' reputation, not the pipeline, and
 * refusing all mail while Redis is away would turn a Redis outage into a mail outage; nothing is lost either way,
 * since the mail is still handed off durably or refused with a reply the client acts on.
 */
@ApplicationScoped
public class TenantRateLimiter {
    private static final Logger LOG = Logger.getLogger(TenantRateLimiter.class);
    static final String KEY_PREFIX = "pm:rate:tenant:";
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    @Inject
    Instance<ReactiveRedisDataSource> redis;

    @Inject
    LimitsConfig config;

    private TenantRates rates;
    private String script;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    @PostConstruct
    void init() {
        rates = new TenantRates(config.tenantRates(), config.defaultTenantRate());
        try (InputStream in = TenantRateLimiter.class.getResourceAsStream("/limits/tenant-rate.lua")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the tenant's mail is counted at all (no Redis round trip for the others). */
    public boolean limited(String tenant) {
        return rates.limited(tenant);
    }

    /**
     * Takes up to {@code requested} tokens from the tenant's bucket. Completes (never fails) with the number
     * granted; on any Redis trouble with all of them (fail open).
     */
    public CompletionStage<RateDecision> acquire(String tenant, int requested) {
        RateSpec rate = rates.forTenant(tenant).orElse(null);
        if (rate == null || requested <= 0) {
            return CompletableFuture.completedFuture(RateDecision.all(requested));
        }
        Uni<RateDecision> decision;
        try {
            decision = redis.get().execute("EVAL", script, "1", KEY_PREFIX + tenant,
                            Long.toString(rate.messages()), Long.toString(rate.period().toMillis()),
                            Integer.toString(requested))
                    .map(r -> new RateDecision(r.get(0).toInteger(), Duration.ofMillis(r.get(1).toLong())));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failOpen(tenant, requested, e));
        }
        return decision.ifNoItem().after(config.rateCheckTimeout()).fail()
                .onFailure().recoverWithItem(e -> failOpen(tenant, requested, e))
                .subscribeAsCompletionStage();
    }

    private RateDecision failOpen(String tenant, int requested, Throwable e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        // One warning a minute is enough to be seen; one per message would flood the log during an outage.
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("tenant rate limit not checked (Redis unavailable: %s); mail of %s and others is let through"
                    + " until Redis answers again", e.toString(), tenant);
        }
        return RateDecision.all(requested);
    }
}
