package io.postmesh.delivery.shaping;

import io.postmesh.model.SmtpReply;
import io.postmesh.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Traffic shaping of outbound SMTP, shared by all delivery replicas through Redis (one atomic Lua script per
 * decision). Per destination {@link Site} and egress source: a lease-based connection semaphore, message rates,
 * and the recipients-per-transaction limit; per site: adaptive back-off after throttling replies.
 *
 * <p>Where the transport calls it: {@link #siteFor} once the MX hosts are known; {@link #acquireConnection}
 * before opening a connection (and {@link #release} when it closes); {@link #acquireMessage} before each
 * {@code MAIL FROM}; {@link #onReply} after every reply of the remote server. A {@link HeldBack} answer means
 * "defer this job (or wait {@code retryAfter})", never "fail it".
 *
 * <p>Leases: a granted connection slot is a lease of {@code lease} length that this instance renews every
 * third of it while held. If the replica dies, renewal stops and the slot frees itself after at most one lease.
 */
public final class Shaper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Shaper.class);
    private static final RedisScript ACQUIRE_CONNECTION = RedisScript.load(Shaper.class, "acquire-connection.lua");
    private static final RedisScript RENEW_LEASES = RedisScript.load(Shaper.class, "renew-leases.lua");
    private static final RedisScript ACQUIRE_MESSAGE = RedisScript.load(Shaper.class, "acquire-message.lua");
    private static final RedisScript THROTTLED = RedisScript.load(Shaper.class, "throttled.lua");
    /** Longest wait suggested for a connection slot: a release usually frees one well before a lease ends. */
    private static final long MAX_CONNECTION_WAIT_MS = 1000;

    private final Vertx vertx;
    private final Redis redis;
    private final ShapingRules rules;
    private final SiteResolver sites;
    private final Duration lease;
    private final Map<String, ConnectionPermit> held = new ConcurrentHashMap<>();
    private final long renewTimer;

    /**
     * @param redis the Redis client shared with the rest of the service
     * @param lease how long a connection slot stays taken without renewal (how fast a dead replica's slots free)
     */
    public Shaper(Vertx vertx, Redis redis, ShapingRules rules, Duration lease) {
        this.vertx = vertx;
        this.redis = redis;
        this.rules = rules;
        this.sites = new SiteResolver(rules);
        this.lease = lease;
        this.renewTimer = vertx.setPeriodic(Math.max(1, lease.toMillis() / 3), id -> renewLeases());
    }

    /** The site of a destination, from its MX host names (pure; no Redis). */
    public Site siteFor(List<String> mxHosts) {
        return sites.siteFor(mxHosts);
    }

    /** The limits of a site, e.g. {@link SiteLimits#maxRecipientsPerTransaction()} to split transactions. */
    public SiteLimits limitsFor(Site site) {
        return site.limits();
    }

    /** A connection slot of {@code site} for {@code source}, or how long to wait and why. */
    public Future<ConnectionDecision> acquireConnection(Site site, String source) {
        String leaseId = UUID.randomUUID().toString();
        int limit = site.limits().maxConnections();
        return ACQUIRE_CONNECTION.run(redis, List.of(connectionKey(site, source), pauseKey(site)),
                List.of(Integer.toString(limit), Long.toString(lease.toMillis()), leaseId,
                        Long.toString(MAX_CONNECTION_WAIT_MS)))
                .map(r -> {
                    if (r.get(0).toInteger() == 1) {
                        ConnectionPermit permit = new ConnectionPermit(site, source, leaseId);
                        held.put(leaseId, permit);
                        return (ConnectionDecision) permit;
                    }
                    String why = r.get(2).toString();
                    Duration wait = Duration.ofMillis(r.get(1).toLong());
                    return HeldBack.THROTTLED.equals(why)
                            ? throttled(site, wait)
                            : new HeldBack(HeldBack.MAX_CONNECTIONS, HeldBack.MAX_CONNECTIONS + " " + limit
                                    + " of site " + site.name() + " for source " + source, wait);
                });
    }

    /** Gives a connection slot back (the connection closed); the lease stops being renewed at once. */
    public Future<Void> release(ConnectionPermit permit) {
        held.remove(permit.leaseId());
        return redis.send(Request.cmd(Command.ZREM)
                .arg(connectionKey(permit.site(), permit.source())).arg(permit.leaseId())).mapEmpty();
    }

    /** Whether one message may be sent to {@code site} from {@code source} now; takes its slot in every rate. */
    public Future<MessageDecision> acquireMessage(Site site, String source) {
        List<ThrottleSpec> rates = site.limits().messageRates();
        List<String> keys = new ArrayList<>(List.of(pauseKey(site), slowKey(site)));
        List<String> args = new ArrayList<>();
        for (ThrottleSpec rate : rates) {
            keys.add(rateKey(site, source, rate));
            args.add(Long.toString(rate.limit()));
            args.add(Long.toString(rate.period().toMillis()));
            args.add(Long.toString(rate.burst()));
        }
        return ACQUIRE_MESSAGE.run(redis, keys, args).map(r -> {
            if (r.get(0).toInteger() == 1) {
                return (MessageDecision) new MessageDecision.Send();
            }
            Duration wait = Duration.ofMillis(r.get(1).toLong());
            int blocker = r.get(2).toInteger();
            if (blocker == 0) {
                return throttled(site, wait);
            }
            ThrottleSpec rate = rates.get(blocker - 1);
            return new HeldBack(HeldBack.MESSAGE_RATE, HeldBack.MESSAGE_RATE + " " + rate + " of site " + site.name()
                    + " for source " + source, wait);
        });
    }

    /**
     * Feeds back a reply of the site's server. A throttling reply ({@link ThrottleReplies}) lowers the site's
     * rates for the back-off duration and pauses it; the answer tells the caller to defer the site's jobs.
     */
    public Future<ReplyFeedback> onReply(Site site, SmtpReply reply) {
        if (!ThrottleReplies.isThrottling(reply)) {
            return Future.succeededFuture(ReplyFeedback.NOT_THROTTLED);
        }
        ShapingRules.Backoff backoff = rules.backoff();
        return THROTTLED.run(redis, List.of(slowKey(site), pauseKey(site)),
                List.of(Double.toString(backoff.factor()), Double.toString(backoff.minFactor()),
                        Long.toString(Math.max(1, backoff.duration().toMillis())),
                        Long.toString(backoff.pause().toMillis())))
                .map(r -> {
                    double factor = Double.parseDouble(r.toString());
                    LOG.infof("site %s throttles us (%s): rates x%s for %s", site.name(), reply, factor,
                            backoff.duration());
                    return new ReplyFeedback(true, factor, backoff.pause());
                });
    }

    /** Stops renewing leases (the replica is going away); held slots then free themselves within one lease. */
    @Override
    public void close() {
        vertx.cancelTimer(renewTimer);
    }

    private HeldBack throttled(Site site, Duration wait) {
        return new HeldBack(HeldBack.THROTTLED, "site " + site.name() + " sent a throttling reply; paused", wait);
    }

    private void renewLeases() {
        Map<String, List<ConnectionPermit>> byKey = held.values().stream()
                .collect(Collectors.groupingBy(p -> connectionKey(p.site(), p.source())));
        byKey.forEach((key, permits) -> {
            List<String> args = new ArrayList<>();
            args.add(Long.toString(lease.toMillis()));
            permits.forEach(p -> args.add(p.leaseId()));
            RENEW_LEASES.run(redis, List.of(key), args).onComplete(done -> {
                if (done.failed()) {
                    LOG.warnf("cannot renew connection leases of %s: %s", key, done.cause().getMessage());
                } else if (toInt(done.result()) < permits.size()) {
                    LOG.warnf("some connection leases of %s had expired before renewal", key);
                }
            });
        });
    }

    private static int toInt(Response r) {
        return r == null ? 0 : r.toInteger();
    }

    // Every key of a site carries its name as a hash tag, so a site's keys live on one Redis Cluster slot
    // and one script may touch them all.
    static String connectionKey(Site site, String source) {
        return "pm:shape:{" + site.name() + "}:conn:" + source;
    }

    static String rateKey(Site site, String source, ThrottleSpec rate) {
        return "pm:shape:{" + site.name() + "}:rate:" + source + ":" + rate.limit() + "/" + rate.period().toMillis();
    }

    static String slowKey(Site site) {
        return "pm:shape:{" + site.name() + "}:slow";
    }

    static String pauseKey(Site site) {
        return "pm:shape:{" + site.name() + "}:pause";
    }
}
