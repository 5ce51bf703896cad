package io.postmesh.delivery;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.outcome.DeliveredMarkers;
import io.postmesh.delivery.outcome.OutcomeRecords;
import io.postmesh.delivery.verp.VerpReversePaths;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.InSequence;
import io.postmesh.kafka.MailSpans;
import io.postmesh.kafka.TraceHeaders;
import io.postmesh.kafka.UntilDone;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.model.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads delivery jobs from {@link Topics#DELIVERY} (channel {@code jobs}, the bulk lane) and
 * {@link Topics#DELIVERY_TRANSACTIONAL} (channel {@code transactional-jobs}) and writes their outcomes to
 * {@link Topics#EVENTS}, {@link Topics#DEFERRED} and {@link Topics#FAILED}.
 *
 * <p>One attempt per job: skip recipients with a delivered-marker, deliver the rest through the
 * {@link MailTransport}, mark the newly delivered, publish. The returned stage completes only after every
 * record is durable, so the offset is committed only then (post-processing acknowledgement); a failure
 * nacks and, with {@code failure-strategy=fail}, the job is read again after restart.
 *
 * <p>The two lanes are separate channels with their own consumers, so a transactional job never waits behind
 * a backlog of bulk jobs (a slow MX holds up only its own channel).
 *
 * <p>Jobs of a lane are attempted concurrently, up to the {@value #WORKERS} worker pool's max-concurrency
 * ({@code smallrye.messaging.worker.delivery-jobs.max-concurrency}, 32 by default): the method only starts the
 * attempt on a worker and returns its stage, so the worker is free at once and the limit is on attempts in
 * flight. Acknowledgements then complete out of order; the connector's throttled commit strategy commits an
 * offset only when every record before it is done, so a crash re-reads at most the records in flight (the
 * delivered-markers keep their recipients from getting the message twice; two copies of one job are attempted
 * one after the other, {@link InSequence}, so the second sees the first's markers). Connection pools and shaping bound
 * what each MX sees, whatever the concurrency.
 */
@ApplicationScoped
public class DeliveryConsumer {
    private static final Logger LOG = Logger.getLogger(DeliveryConsumer.class);
    /** Span attributes of the session's TLS (OpenTelemetry's tls.* semantic conventions). */
    static final String TLS_PROTOCOL = "tls.protocol.version";
    static final String TLS_CIPHER = "tls.cipher";

    @Inject
    MailTransport transport;

    @Inject
    DeliveredMarkers markers;

    @Inject
    VerpReversePaths verp;

    @Inject
    DurablePublisher publisher;

    @Inject
    Tracer tracer;

    @Inject
    Vertx vertx;

    private final InSequence sameJob = new InSequence();

    /** The SmallRye worker pool that bounds attempts in flight per lane. */
    static final String WORKERS = "delivery-jobs";

    @Incoming("jobs")
    @Blocking(value = WORKERS, ordered = false)
    public CompletionStage<Void> deliverBulk(ConsumerRecord<byte[], byte[]> record) {
        return deliver(record);
    }

    @Incoming("transactional-jobs")
    @Blocking(value = WORKERS, ordered = false)
    public CompletionStage<Void> deliverTransactional(ConsumerRecord<byte[], byte[]> record) {
        return deliver(record);
    }

    /**
     * One attempt per job; a failure of the attempt's own machinery (Redis or Kafka away for a while) is retried
     * in place instead of stopping the channel. The delivered-markers keep a retried job from sending again
     * what was already delivered (unless the marker itself could not be written, the window every at-least-once
     * delivery has).
     */
    CompletionStage<Void> deliver(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MailHeaders.ENVELOPE);
        Envelope job;
        try {
            job = Json.envelope(header == null ? null : header.value());
        } catch (RuntimeException e) {
            // A job without a readable envelope can never be delivered; failing the channel would only
            // stop the service on it for ever (a poison pill). Log it loudly and move on.
            LOG.errorf("skipping record %s-%d@%d without a valid %s header: %s", record.topic(), record.partition(),
                    record.offset(), MailHeaders.ENVELOPE, e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        // Copies of one job share its queue id and destination: they are attempted one after the other.
        return sameJob.run(job.queueId() + " " + job.destination(), () -> UntilDone.retry(
                "delivering " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> deliverOnce(record, job)));
    }

    CompletionStage<Void> deliverOnce(ConsumerRecord<byte[], byte[]> record, Envelope job) {
        Context parent = TraceHeaders.extract(record.headers());
        Span span = tracer.spanBuilder(MailSpans.DELIVERY_ATTEMPT)
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(MailSpans.QUEUE_ID, job.queueId())
                .setAttribute(MailSpans.RECIPIENT_DOMAIN, String.valueOf(job.destination()))
                .setAttribute(MailSpans.ATTEMPT, (long) job.attempt() + 1)
                .setAttribute(MailSpans.RECIPIENT_COUNT, (long) job.recipients().size())
                .startSpan();
        if (job.messageId() != null) {
            span.setAttribute(MailSpans.MESSAGE_ID, job.messageId());
        }
        Context trace = parent.with(span);
        byte[] body = record.value() == null ? new byte[0] : record.value();
        return attempt(job, body, span)
                .compose(outcomes -> publish(job, body, outcomes, span, trace))
                .onComplete(done -> {
                    if (done.failed()) {
                        span.recordException(done.cause());
                        span.setStatus(StatusCode.ERROR, String.valueOf(done.cause().getMessage()));
                        LOG.errorf(done.cause(), "delivery of job %s failed; the job will be read again",
                                job.queueId());
                    }
                    span.end();
                })
                .toCompletionStage();
    }

    /** Outcomes of this attempt plus those remembered from an earlier one (to re-emit their events). */
    private Future<List<RecipientOutcome>> attempt(Envelope job, byte[] body, Span span) {
        return future(markers.delivered(job.queueId(), job.recipients())).compose(before -> {
            List<Recipient> pending = job.recipients().stream()
                    .filter(r -> !before.containsKey(r.address()))
                    .toList();
            Future<Attempt> attempt = pending.isEmpty()
                    ? Future.succeededFuture(new Attempt(List.of(), null, "all recipients delivered before"))
                    : future(verp.stamp(job, pending, TraceHeaders.traceparent(span.getSpanContext())))
                            // Only the transport sees the VERP address; outcomes and events keep the job as is.
                            .compose(sent -> transport.deliver(sent, pending, body));
            return attempt.compose(a -> {
                if (a.mxHost() != null) {
                    span.setAttribute(MailSpans.MX_HOST, a.mxHost());
                }
                span.setAttribute(MailSpans.SMTP_REPLY, a.reply());
                if (a.tls() != null) {
                    span.setAttribute(TLS_PROTOCOL, a.tls().protocol());
                    span.setAttribute(TLS_CIPHER, a.tls().cipher());
                }
                a.notes().forEach(span::setAttribute);
                List<RecipientOutcome> delivered = a.outcomes().stream()
                        .filter(o -> o.result() == Result.SUCCESS)
                        .toList();
                // The marker is written before any event: if we crash between the two, a redelivered job
                // re-emits the event from the marker instead of sending the message again.
                // Once mail went out, only the marker write is retried (Redis away for a while): a retry of the
                // whole attempt would find no marker and send the message a second time.
                CompletionStage<Void> marked = delivered.isEmpty() ? CompletableFuture.completedFuture(null)
                        : UntilDone.retry("marking " + job.queueId() + " delivered",
                                () -> markers.mark(job.queueId(), delivered).subscribeAsCompletionStage());
                return Future.fromCompletionStage(marked, vertx.getOrCreateContext())
                        .map(v -> merge(a.outcomes(), before));
            });
        });
    }

    private static List<RecipientOutcome> merge(List<RecipientOutcome> now, Map<String, RecipientOutcome> before) {
        List<RecipientOutcome> all = new ArrayList<>(before.values());
        all.addAll(now);
        return all;
    }

    private Future<Void> publish(Envelope job, byte[] body, List<RecipientOutcome> outcomes, Span span,
                                 Context trace) {
        String traceId = span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
        List<CompletableFuture<?>> sends = OutcomeRecords.build(job, body, outcomes, traceId).stream()
                .<CompletableFuture<?>>map(r -> publisher.publish(r, trace))
                .toList();
        CompletableFuture<Void> all = CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        return Future.fromCompletionStage(all, vertx.getOrCreateContext());
    }

    private <T> Future<T> future(Uni<T> uni) {
        return Future.fromCompletionStage(uni.subscribeAsCompletionStage(), vertx.getOrCreateContext());
    }
}
