package io.postmesh.delivery.mtasts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The MTA-STS policy of a recipient domain (RFC 8461 §5.1), cached per replica:
 * <ol>
 *   <li>look up {@code _mta-sts.<domain>} TXT;</li>
 *   <li>a cached, unexpired policy with the same id is used as is;</li>
 *   <li>otherwise the policy is fetched; a valid one replaces the cache entry for its {@code max_age};</li>
 *   <li>a missing TXT record, a failed fetch or an invalid body keeps an unexpired cached policy in force
 *       (§5.1, §10.2: an attacker who strips the TXT record or blocks the fetch must not downgrade us),
 *       and otherwise means "no policy".</li>
 * </ol>
 * Concurrent requests for one domain share one lookup.
 */
public class MtaStsPolicies {
    private static final Logger LOG = Logger.getLogger(MtaStsPolicies.class);

    private final Vertx vertx;
    private final StsDns dns;
    private final PolicyFetcher fetcher;
    private final Clock clock;
    private final boolean enabled;
    private final Map<String, CachedPolicy> cache;
    private final Map<String, Future<Optional<MtaStsPolicy>>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param enabled   false: every domain reads as having no policy ({@code postmesh.delivery.mta-sts.enabled})
     * @param maxCached policies kept; the least recently used go first
     */
    MtaStsPolicies(Vertx vertx, StsDns dns, PolicyFetcher fetcher, Clock clock, boolean enabled, int maxCached) {
        this.vertx = vertx;
        this.enabled = enabled;
        this.dns = dns;
        this.fetcher = fetcher;
        this.clock = clock;
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CachedPolicy> eldest) {
                return size() > maxCached;
            }
        });
    }

    /** The policy in force for {@code domain}, or empty when the domain has none (deliver as without MTA-STS). */
    public Future<Optional<MtaStsPolicy>> policyFor(String domain) {
        if (!enabled) {
            return Future.succeededFuture(Optional.empty());
        }
        String key = normalize(domain);
        Future<Optional<MtaStsPolicy>> running = inFlight.get(key);
        if (running != null) {
            return running;
        }
        Future<Optional<MtaStsPolicy>> lookup = lookup(key);
        inFlight.put(key, lookup);
        return lookup.andThen(done -> inFlight.remove(key, lookup));
    }

    private Future<Optional<MtaStsPolicy>> lookup(String domain) {
        return Future.fromCompletionStage(dns.txt("_mta-sts." + domain), vertx.getOrCreateContext())
                .compose(txt -> {
                    Optional<CachedPolicy> cached = cached(domain);
                    Optional<String> id = StsRecord.policyId(txt);
                    if (id.isEmpty()) {
                        return Future.succeededFuture(cached.map(CachedPolicy::policy));
                    }
                    if (cached.isPresent() && cached.get().id().equals(id.get())) {
                        return Future.succeededFuture(Optional.of(cached.get().policy()));
                    }
                    return fetchAndCache(domain, id.get(), cached);
                });
    }

    private Future<Optional<MtaStsPolicy>> fetchAndCache(String domain, String id, Optional<CachedPolicy> cached) {
        return fetcher.fetch(domain).map(body -> {
            MtaStsPolicy policy = MtaStsPolicy.parse(body);
            cache.put(domain, new CachedPolicy(policy, id, clock.instant().plus(policy.maxAge())));
            return Optional.of(policy);
        }).recover(failure -> {
            LOG.warnf("MTA-STS policy of %s (id %s) not usable: %s; %s", domain, id, failure.getMessage(),
                    cached.isPresent() ? "keeping the cached policy" : "no policy");
            return Future.succeededFuture(cached.map(CachedPolicy::policy));
        });
    }

    private Optional<CachedPolicy> cached(String domain) {
        CachedPolicy entry = cache.get(domain);
        Instant now = clock.instant();
        if (entry != null && !now.isBefore(entry.expiresAt())) {
            cache.remove(domain, entry);
            return Optional.empty();
        }
        return Optional.ofNullable(entry);
    }

    private static String normalize(String domain) {
        String lower = domain.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** A policy with the TXT id it was fetched under and the end of its {@code max_age}. */
    private record CachedPolicy(MtaStsPolicy policy, String id, Instant expiresAt) {}
}
