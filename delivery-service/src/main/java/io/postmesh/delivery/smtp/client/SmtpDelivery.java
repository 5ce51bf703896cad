package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.mx.MxResolution.MxHost;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.outcome.OutcomeClassifier;
import io.postmesh.delivery.pool.ConnectionPool;
import io.postmesh.delivery.pool.DeliveryPermits;
import io.postmesh.delivery.pool.DeliveryPermits.PermitDenied;
import io.postmesh.delivery.pool.DeliveryPermits.PermitRequest;
import io.postmesh.delivery.pool.PoolKey;
import io.postmesh.delivery.pool.PooledSession;
import io.postmesh.delivery.tls.MxPolicy;
import io.postmesh.delivery.tls.TlsFailure;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.SmtpReply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * Delivers one job to the first host of its {@link Destination} that gives per-recipient answers. RFC 5321
 * §5.1: on a refused connection, a 421, a timeout, a lost connection or a TLS failure the client tries the
 * next address and then the next host, up to {@code maxHosts}; when all fail, every recipient is deferred
 * with 4.4.1 ("no answer from host", RFC 3463 §3.5) — or with the TLS status (4.7.4/4.7.5) when TLS was
 * what every host failed on — and a diagnostic naming the hosts.
 *
 * <p>Sessions come from the {@link ConnectionPool}; recipients go in transactions of at most
 * {@code maxRecipients}. Everything runs on one Vert.x context, which owns the pool.
 */
public final class SmtpDelivery {
    private final Context context;
    private final ConnectionPool pool;
    private final SessionOpener opener;
    private final DeliveryPermits permits;
    private final int maxHosts;
    private final int maxRecipients;
    private final Clock clock;

    public SmtpDelivery(Context context, ConnectionPool pool, SessionOpener opener, DeliveryPermits permits,
                        int maxHosts, int maxRecipients, Clock clock) {
        this.context = context;
        this.pool = pool;
        this.opener = opener;
        this.permits = permits;
        this.maxHosts = maxHosts;
        this.maxRecipients = maxRecipients;
        this.clock = clock;
    }

    public Future<Attempt> deliver(Destination destination, Envelope job, List<Recipient> recipients,
                                   byte[] message) {
        Promise<Attempt> result = Promise.promise();
        context.runOnContext(v -> {
            DotStuffing.Scan scan = DotStuffing.scan(message);
            Buffer wireData = DotStuffing.wire(message, scan);
            // SIZE= is the size of what we send (RFC 1870 §6 allows the estimate; ours is exact except for the
            // 3-octet terminator).
            MessageRequirements needs = MessageRequirements.of(job, recipients, message, scan.eightBit(),
                    wireData.length() - 3L);
            MxPolicy mx = destination.tls().mx();
            // RFC 8461 §4.1, §5: under enforce an MX host the policy does not list is never contacted; the cap
            // on hosts tried applies to those left.
            List<MxHost> allowed = mx.enforced()
                    ? destination.hosts().stream().filter(h -> mx.permits(h.name())).toList() : destination.hosts();
            List<MxHost> hosts = allowed.subList(0, Math.min(maxHosts, allowed.size()));
            Job attempt = new Job(destination, hosts, job, recipients, wireData, needs);
            if (hosts.isEmpty()) {
                String names = String.join(", ", destination.hosts().stream().map(MxHost::name).toList());
                result.complete(attempt.deferAll(recipients, "4.7.0", "MTA-STS policy (" + mx.mode()
                        + ") of " + job.destination() + " allows none of the MX hosts " + names, null)
                        .withNote(Attempt.MTA_STS_MODE, mx.mode())
                        .withNote(Attempt.MTA_STS_FAILURE, "validation-failure: no MX host matches the policy"));
                return;
            }
            attempt.tryHost(0, 0).map(a -> mtaStsReport(mx, a)).onComplete(result);
        });
        return result.future();
    }

    /**
     * Span notes for a policy: its mode and, in testing mode, what enforce would have refused (the host was
     * not listed, or the session was not encrypted; RFC 8460 result types). Certificates are not validated
     * in testing mode, since the session runs at the configured level.
     */
    private static Attempt mtaStsReport(MxPolicy mx, Attempt attempt) {
        if (mx.mode() == null) {
            return attempt;
        }
        Attempt noted = attempt.withNote(Attempt.MTA_STS_MODE, mx.mode());
        String host = attempt.outcomes().stream().map(RecipientOutcome::remoteMta).filter(Objects::nonNull)
                .findFirst().orElse(null);
        if (mx.enforced() || host == null) {
            return noted;
        }
        if (!mx.permits(host)) {
            return noted.withNote(Attempt.MTA_STS_FAILURE, "validation-failure: MX " + host + " not in policy");
        }
        return attempt.tls() == null
                ? noted.withNote(Attempt.MTA_STS_FAILURE, "starttls-not-supported: " + host) : noted;
    }

    /** One attempt of one job: the state of walking through the hosts. */
    private final class Job {
        final Destination destination;
        final List<MxHost> hosts;
        final Envelope job;
        final List<Recipient> recipients;
        final Buffer wireData;
        final MessageRequirements needs;
        final List<Throwable> failures = new ArrayList<>();

        Job(Destination destination, List<MxHost> hosts, Envelope job, List<Recipient> recipients, Buffer wireData,
            MessageRequirements needs) {
            this.destination = destination;
            this.hosts = hosts;
            this.job = job;
            this.recipients = recipients;
            this.wireData = wireData;
            this.needs = needs;
        }

        Future<Attempt> tryHost(int hostIndex, int addressIndex) {
            if (hostIndex >= hosts.size()) {
                return Future.succeededFuture(allFailed());
            }
            MxHost host = hosts.get(hostIndex);
            if (addressIndex >= host.addresses().size()) {
                return tryHost(hostIndex + 1, 0);
            }
            InetAddress address = host.addresses().get(addressIndex);
            Endpoint endpoint = new Endpoint(address.getHostAddress(), host.name(), destination.port(),
                    destination.tls().level(), destination.egress(), destination.credentials());
            return pool.acquire(PoolKey.of(endpoint), () -> open(endpoint))
                    .compose(session -> new SessionWork(this, session, host.name()).run())
                    .recover(error -> {
                        Throwable cause = unwrap(error);
                        if (cause instanceof PermitDenied denied) {
                            return Future.succeededFuture(heldBack(recipients, denied, null));
                        }
                        failures.add(cause instanceof HostFailure ? cause
                                : new HostFailure(endpoint.peer() + ": " + cause, cause));
                        if (cause instanceof HostFailure failure && failure.reply() != null
                                && failure.reply().transientFailure() && failure.reply().enhanced() != null
                                && failure.reply().enhanced().startsWith("4.7.")) {
                            // A greeting with a policy code (421 4.7.0) is the site telling us to slow down: then
                            // no other MX of the site is tried either. A plain 421 ("busy") is about this host,
                            // and RFC 5321 §5.1 has us try the next MX.
                            PermitRequest request = request(host.name(), endpoint.address(), 0);
                            return Future.fromCompletionStage(permits.throttled(request, failure.reply()), context)
                                    .compose(throttled -> throttled
                                            ? Future.succeededFuture(throttledBy(recipients, failure.reply(),
                                                    host.name()))
                                            : tryHost(hostIndex, addressIndex + 1));
                        }
                        return tryHost(hostIndex, addressIndex + 1);
                    });
        }

        /** Hook for shaping: a connection permit is taken before every new connection and held while it lives. */
        private Future<ConnectionPool.Opened> open(Endpoint endpoint) {
            PermitRequest request = request(endpoint.hostName(), endpoint.address(), 0);
            return Future.fromCompletionStage(permits.connection(request), context).compose(permit -> opener
                    .open(endpoint)
                    .onFailure(e -> permit.release())
                    .map(session -> new ConnectionPool.Opened(session, permit)));
        }

        PermitRequest request(String mxHost, String address, int count) {
            return new PermitRequest(destination.site(), mxHost, address, destination.egress().name(), job.tenant(),
                    count);
        }

        Attempt heldBack(List<Recipient> which, PermitDenied denied, String remoteMta) {
            Attempt deferred = deferAll(which, denied.status(), denied.getMessage(), remoteMta);
            return denied.limit() == null ? deferred : deferred.withNote(Attempt.HELD_BACK_BY, denied.limit());
        }

        /** The site answered with a throttling reply: defer with that reply (RFC 3463 code, else 4.7.0). */
        Attempt throttledBy(List<Recipient> which, SmtpReply reply, String remoteMta) {
            String status = reply.enhanced() != null && reply.enhanced().startsWith("4.") ? reply.enhanced() : "4.7.0";
            return deferAll(which, status, "site throttles us, deferred: " + reply, remoteMta)
                    .withNote(Attempt.HELD_BACK_BY, "throttled");
        }

        Attempt deferAll(List<Recipient> which, String status, String diagnostic, String remoteMta) {
            List<RecipientOutcome> outcomes = which.stream()
                    .map(r -> OutcomeClassifier.local(r.address(), false, status, diagnostic, remoteMta,
                            clock.instant()))
                    .toList();
            return new Attempt(outcomes, remoteMta, status + " " + diagnostic);
        }

        private Attempt allFailed() {
            String names = String.join(", ", hosts.stream().map(MxHost::name).toList());
            String diagnostic = "no MX host of " + names + " accepted the session: "
                    + String.join("; ", failures.stream().map(Throwable::getMessage).toList());
            boolean allTls = !failures.isEmpty() && failures.stream().allMatch(f -> f instanceof TlsFailure);
            String status = allTls ? ((TlsFailure) failures.get(failures.size() - 1)).status() : "4.4.1";
            Attempt deferred = deferAll(recipients, status, diagnostic, null);
            return new Attempt(deferred.outcomes(), names, deferred.reply());
        }
    }

    /** The transactions of one job on one pooled session. */
    private final class SessionWork {
        final Job job;
        final PooledSession pooled;
        final OpenSession session;
        final String host;
        final List<RecipientOutcome> outcomes = new ArrayList<>();
        String lastReply;

        SessionWork(Job job, PooledSession pooled, String host) {
            this.job = job;
            this.pooled = pooled;
            this.session = pooled.session();
            this.host = host;
        }

        Future<Attempt> run() {
            var refusal = job.needs.refusal(session.capabilities());
            if (refusal.isPresent()) {
                pool.release(pooled);
                String text = refusal.get().text() + " (" + session.connection().peer() + ")";
                return Future.succeededFuture(attempt(job.recipients.stream()
                        .map(r -> OutcomeClassifier.local(r.address(), true, refusal.get().status(), text, host,
                                clock.instant()))
                        .toList(), refusal.get().status() + " " + text));
            }
            List<List<Recipient>> chunks = new ArrayList<>();
            int perTransaction = permits.maxRecipients(job.destination.site(), maxRecipients);
            for (int i = 0; i < job.recipients.size(); i += perTransaction) {
                chunks.add(job.recipients.subList(i, Math.min(job.recipients.size(), i + perTransaction)));
            }
            return transaction(chunks, 0, false);
        }

        private Future<Attempt> transaction(List<List<Recipient>> chunks, int index, boolean needsReset) {
            if (index >= chunks.size()) {
                pool.release(pooled);
                return Future.succeededFuture(attempt(outcomes, lastReply));
            }
            List<Recipient> chunk = chunks.get(index);
            Future<Void> reset = needsReset
                    ? session.connection().command("RSET").mapEmpty() : Future.succeededFuture();
            PermitRequest request = job.request(host, pooled.key().address(), chunk.size());
            return reset.compose(v -> Future.fromCompletionStage(permits.message(request), context))
                    .compose(permit -> MailTransaction.run(session.connection(), session.capabilities(), job.job,
                                    chunk, job.needs)
                            .compose(replies -> MessageData.run(session.connection(), replies, job.wireData))
                            .onComplete(done -> permit.release()))
                    .compose(replies -> {
                        pooled.countMessage();
                        outcomes.addAll(TransactionOutcomes.of(chunk, replies, host, clock.instant()));
                        lastReply = replies.decisive().toString();
                        boolean open = replies.mail().positive() && replies.endOfData() == null;
                        SmtpReply transientReply = firstTransient(replies);
                        if (transientReply == null) {
                            return transaction(chunks, index + 1, open);
                        }
                        return Future.fromCompletionStage(permits.throttled(request, transientReply), context)
                                .compose(throttled -> {
                                    if (!throttled) {
                                        return transaction(chunks, index + 1, open);
                                    }
                                    // The site asked us to slow down: say goodbye, defer the rest of this job.
                                    pool.quit(pooled);
                                    List<Recipient> rest = job.recipients.subList(outcomes.size(),
                                            job.recipients.size());
                                    outcomes.addAll(job.throttledBy(rest, transientReply, host).outcomes());
                                    return Future.succeededFuture(attempt(outcomes, lastReply)
                                            .withNote(Attempt.HELD_BACK_BY, "throttled"));
                                });
                    })
                    .recover(error -> {
                        if (unwrap(error) instanceof PermitDenied denied) {
                            // Denied before MAIL FROM: the session is clean and stays in the pool.
                            pool.release(pooled);
                            if (outcomes.isEmpty()) {
                                return Future.failedFuture(denied);
                            }
                            List<Recipient> rest = job.recipients.subList(outcomes.size(), job.recipients.size());
                            outcomes.addAll(job.heldBack(rest, denied, host).outcomes());
                            return Future.succeededFuture(attempt(outcomes, lastReply)
                                    .withNote(Attempt.HELD_BACK_BY, String.valueOf(denied.limit())));
                        }
                        pool.discard(pooled);
                        if (outcomes.isEmpty()) {
                            return Future.failedFuture(error);
                        }
                        // Earlier transactions on this session are done; sending the rest elsewhere now could
                        // race with them, so the rest waits for the next attempt (RFC 3463 4.4.2, bad connection).
                        List<Recipient> rest = job.recipients.subList(outcomes.size(), job.recipients.size());
                        SmtpReply closing = unwrap(error) instanceof HostFailure failure ? failure.reply() : null;
                        Future<Boolean> throttled = closing == null || !closing.transientFailure()
                                ? Future.succeededFuture(false)
                                : Future.fromCompletionStage(permits.throttled(request, closing), context);
                        return throttled.map(slowDown -> {
                            if (slowDown) {
                                outcomes.addAll(job.throttledBy(rest, closing, host).outcomes());
                                return attempt(outcomes, lastReply).withNote(Attempt.HELD_BACK_BY, "throttled");
                            }
                            outcomes.addAll(job.deferAll(rest, "4.4.2", unwrap(error).getMessage(), host).outcomes());
                            return attempt(outcomes, lastReply);
                        });
                    });
        }

        /**
         * The first transient reply that may be the site throttling us. From RCPT only a 421 counts: a 4.7.x
         * there is usually about one mailbox (greylisting, 451 4.7.1) and must not pause the whole site.
         */
        private static SmtpReply firstTransient(TransactionReplies replies) {
            List<ServerReply> all = new ArrayList<>();
            all.add(replies.mail());
            replies.rcpts().stream().filter(ServerReply::serviceClosing).forEach(all::add);
            if (replies.data() != null) {
                all.add(replies.data());
            }
            if (replies.endOfData() != null) {
                all.add(replies.endOfData());
            }
            return all.stream().map(ServerReply::reply).filter(SmtpReply::transientFailure).findFirst().orElse(null);
        }

        private Attempt attempt(List<RecipientOutcome> all, String reply) {
            List<RecipientOutcome> withTls = session.tls() == null ? all : all.stream()
                    .map(o -> o.withTls(session.tls().protocol(), session.tls().cipher()))
                    .toList();
            return new Attempt(withTls, host, reply, session.tls());
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
