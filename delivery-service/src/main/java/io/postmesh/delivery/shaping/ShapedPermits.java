package io.postmesh.delivery.shaping;

import io.postmesh.delivery.pool.DeliveryPermits;
import io.postmesh.model.SmtpReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * {@link DeliveryPermits} backed by the {@link Shaper}: the transport's connection and message permits become
 * Redis-wide slots of the destination {@link Site} for the job's egress pool (the source).
 *
 * <ul>
 *   <li>Connection: a {@link ConnectionPermit}, given back when the pool closes the connection; held back, the
 *       job is denied at once with {@code 4.7.0} and the limit's name. For {@code max-connections} the pool
 *       first waits for one of its own sessions to the same address (marked {@code freedByRelease}).</li>
 *   <li>Message: a message rate that is used up is waited for (the Shaper's {@code retryAfter}) up to
 *       {@code maxWait}; a paused (throttled) site denies at once.</li>
 *   <li>Replies: a throttling reply ({@link ThrottleReplies}) slows and pauses the site for every replica.</li>
 * </ul>
 * RFC 3463 §3.8: {@code 4.7.0} is "other or undefined security status", the code providers themselves use
 * for rate limits; it tells the queue to retry later.
 */
public final class ShapedPermits implements DeliveryPermits {
    static final String STATUS = "4.7.0";

    private final Vertx vertx;
    private final Shaper shaper;
    private final Duration maxWait;
    private final Consumer<String> heldBack;

    /**
     * @param maxWait  longest wait for a message rate before the job is deferred
     * @param heldBack told the limit name every time a limit holds a job back (the metric)
     */
    public ShapedPermits(Vertx vertx, Shaper shaper, Duration maxWait, Consumer<String> heldBack) {
        this.vertx = vertx;
        this.shaper = shaper;
        this.maxWait = maxWait;
        this.heldBack = heldBack;
    }

    @Override
    public CompletionStage<Permit> connection(PermitRequest request) {
        Site site = site(request.site());
        return shaper.acquireConnection(site, request.egress()).<Permit>compose(decision -> {
            if (decision instanceof ConnectionPermit permit) {
                return Future.succeededFuture(() -> shaper.release(permit));
            }
            HeldBack held = (HeldBack) decision;
            return Future.failedFuture(denied(held, HeldBack.MAX_CONNECTIONS.equals(held.limit())));
        }).toCompletionStage();
    }

    @Override
    public CompletionStage<Permit> message(PermitRequest request) {
        Site site = site(request.site());
        return message(site, request.egress(), Instant.now().plus(maxWait)).toCompletionStage();
    }

    private Future<Permit> message(Site site, String source, Instant deadline) {
        return shaper.acquireMessage(site, source).compose(decision -> {
            if (!(decision instanceof HeldBack held)) {
                // The rate slot is taken for good: a message permit has nothing to give back.
                return Future.succeededFuture(Permit.NONE);
            }
            Instant retry = Instant.now().plus(held.retryAfter());
            if (HeldBack.THROTTLED.equals(held.limit()) || retry.isAfter(deadline)) {
                return Future.failedFuture(denied(held, false));
            }
            Promise<Void> wait = Promise.promise();
            vertx.setTimer(Math.max(1, held.retryAfter().toMillis()), id -> wait.complete());
            return wait.future().compose(v -> message(site, source, deadline));
        });
    }

    @Override
    public CompletionStage<Boolean> throttled(PermitRequest request, SmtpReply reply) {
        if (!ThrottleReplies.isThrottling(reply)) {
            return Future.succeededFuture(false).toCompletionStage();
        }
        return shaper.onReply(site(request.site()), reply).map(feedback -> {
            if (feedback.throttled()) {
                heldBack.accept(HeldBack.THROTTLED);
            }
            return feedback.throttled();
        }).toCompletionStage();
    }

    @Override
    public int maxRecipients(String site, int configured) {
        return Math.min(configured, shaper.limitsFor(site(site)).maxRecipientsPerTransaction());
    }

    private PermitDenied denied(HeldBack held, boolean freedByRelease) {
        heldBack.accept(held.limit());
        return new PermitDenied(STATUS, "held back by shaping: " + held.detail(), held.limit(), freedByRelease);
    }

    /** The transport names a site by its sorted MX host names, comma-joined. */
    private Site site(String mxHosts) {
        List<String> hosts = Arrays.asList(mxHosts.split(","));
        return shaper.siteFor(hosts);
    }
}
