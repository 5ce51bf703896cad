package io.postmesh.queue.scheduling;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.InSequence;
import io.postmesh.kafka.MailSpans;
import io.postmesh.kafka.TraceHeaders;
import io.postmesh.kafka.UntilDone;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import io.postmesh.queue.config.SchedulingConfig;
import io.postmesh.queue.control.QueueDepth;
import io.postmesh.queue.quota.QuotaDeferral;
import io.postmesh.queue.quota.QuotaPolicy;
import io.postmesh.queue.quota.TenantQuotas;
import io.postmesh.queue.routing.JobRouter;
import io.postmesh.queue.suppression.SuppressionList;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads accepted mail from {@code mail.inbound} (channel {@code inbound}) and schedules it: tags it with its
 * campaign and lane ({@link MessageTags}), charges the tenant's quota ({@link TenantQuotas}), splits it into
 * one job per destination ({@link DestinationSplitter}), drops suppressed recipients with a SUPPRESSED event,
 * and hands each job to {@link JobRouter} (delivery lane, or hold when suspended). Writes
 * {@code mail.delivery}, {@code mail.delivery.transactional}, {@code mail.hold}, {@code mail.deferred} /
 * {@code mail.failed} (quota) and {@code mail.events}.
 *
 * <p>Up to {@code smallrye.messaging.worker.inbound-scheduling.max-concurrency} records are scheduled at once
 * (the method only starts asynchronous work, so the bound is on records in flight); a tenant with a quota has
 * its records scheduled one at a time. The offset of an inbound record is committed only after everything
 * written for it, and for every record before it, is durable (the connector's throttled commit strategy): a
 * crash in between schedules it again (at-least-once; the delivery service's delivered-markers keep a recipient
 * from getting the message twice).
 */
@ApplicationScoped
public class InboundScheduler {
    private static final Logger LOG = Logger.getLogger(InboundScheduler.class);

    private final DurablePublisher publisher;
    private final Tracer tracer;
    private final SchedulingConfig config;
    private final JobRouter router;
    private final SuppressionList suppression;
    private final TenantQuotas quotas;
    private final QuotaDeferral quotaDeferral;
    private final QueueDepth depth;
    private final InSequence quotaOrder = new InSequence();

    public InboundScheduler(DurablePublisher publisher, Tracer tracer, SchedulingConfig config, JobRouter router,
                            SuppressionList suppression, TenantQuotas quotas, QuotaDeferral quotaDeferral,
                            QueueDepth depth) {
        this.publisher = publisher;
        this.tracer = tracer;
        this.config = config;
        this.router = router;
        this.suppression = suppression;
        this.quotas = quotas;
        this.quotaDeferral = quotaDeferral;
        this.depth = depth;
    }

    /** The SmallRye worker pool that bounds inbound records in flight. */
    static final String WORKERS = "inbound-scheduling";

    @Incoming("inbound")
    @Blocking(value = WORKERS, ordered = false)
    public CompletionStage<Void> schedule(ConsumerRecord<byte[], byte[]> record) {
        Header envelopeHeader = record.headers().lastHeader(MailHeaders.ENVELOPE);
        Envelope accepted;
        try {
            accepted = Json.envelope(envelopeHeader == null ? null : envelopeHeader.value());
        } catch (RuntimeException e) {
            // Not written by the pipeline: nothing to deliver, and retrying cannot fix it.
            LOG.errorf("skipping %s record at offset %d without a valid envelope: %s", Topics.INBOUND,
                    record.offset(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        // Records run concurrently (ADR 36), except a quota-limited tenant's: those are charged and scheduled one
        // at a time, so two of them never race for the last unit of a quota and a retry never overlaps the next
        // message. (They arrive here from the worker pool's threads, so their order is near, not exactly, the
        // partition's.) A failure (Redis or Kafka away for a while) is retried in place instead of stopping the
        // channel.
        String sequenceKey = !accepted.dsn() && quotas.limits(accepted.tenant()) ? accepted.tenant() : null;
        return quotaOrder.run(sequenceKey, () -> UntilDone.retry(
                "scheduling " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> scheduleOnce(record, accepted)));
    }

    CompletionStage<Void> scheduleOnce(ConsumerRecord<byte[], byte[]> record, Envelope accepted) {
        Envelope message = MessageTags.tag(accepted, record.value(), config);
        Span span = tracer.spanBuilder(MailSpans.QUEUE_SCHEDULE)
                .setParent(TraceHeaders.extract(record.headers()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MailSpans.QUEUE_ID, message.queueId())
                .setAttribute(MailSpans.TENANT, message.tenant())
                .setAttribute(MailSpans.RECIPIENT_COUNT, (long) message.recipients().size())
                .setAttribute("postmesh.lane", message.lane())
                .startSpan();
        if (message.messageId() != null) {
            span.setAttribute(MailSpans.MESSAGE_ID, message.messageId());
        }
        Context context = Context.current().with(span);
        List<Envelope> jobs = DestinationSplitter.split(message);
        span.setAttribute(MailSpans.RECIPIENT_DOMAIN, String.join(",", jobs.stream().map(Envelope::destination).toList()));
        span.setAttribute("postmesh.queue", String.join(",", jobs.stream().map(j -> QueueName.of(j).format()).toList()));

        CompletionStage<QuotaPolicy.Decision> quota = message.dsn()
                ? CompletableFuture.completedFuture(QuotaPolicy.Decision.ALLOW_ALL)
                : quotas.charge(message.tenant());
        return quota.thenCompose(decision -> {
            if (decision.verdict() != QuotaPolicy.Verdict.ALLOW) {
                span.setAttribute("postmesh.quota", decision.verdict() + " " + decision.period());
                return allOf(jobs.stream().map(job -> quotaDeferral.write(job, record.value(), decision, context)));
            }
            return allOf(jobs.stream().map(job -> scheduleJob(job, record.value(), context)));
        }).whenComplete((ok, error) -> {
            if (error != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, "jobs not written");
            }
            span.end();
        });
    }

    /** Drops suppressed recipients (with events), then routes and counts what is left. */
    private CompletableFuture<Void> scheduleJob(Envelope job, byte[] body, Context context) {
        List<String> addresses = job.recipients().stream().map(Recipient::address).toList();
        return suppression.suppressed(job.tenant(), addresses).toCompletableFuture().thenCompose(suppressed -> {
            List<CompletableFuture<?>> sends = new ArrayList<>(suppressedEvents(job, suppressed, context));
            List<Recipient> remaining = job.recipients().stream()
                    .filter(r -> !suppressed.containsKey(r.address())).toList();
            if (!remaining.isEmpty()) {
                Envelope ready = job.withRecipients(remaining);
                sends.add(router.route(ready, body, context));
                sends.add(depth.enqueued(ready).toCompletableFuture());
            }
            return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        });
    }

    private List<CompletableFuture<?>> suppressedEvents(Envelope job, Map<String, String> suppressed, Context context) {
        String traceId = Span.fromContext(context).getSpanContext().getTraceId();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        suppressed.forEach((recipient, reason) -> {
            RecipientOutcome outcome = new RecipientOutcome(recipient, RecipientOutcome.Result.PERMANENT_FAILURE,
                    "5.7.1", "suppressed: " + reason, null, Instant.now());
            sends.add(publisher.publish(new ProducerRecord<>(Topics.EVENTS,
                    job.queueId().getBytes(StandardCharsets.UTF_8),
                    Json.write(MailEvent.ofOutcome(MailEvent.EventType.SUPPRESSED, job, outcome, traceId))), context));
        });
        return sends;
    }

    private static CompletableFuture<Void> allOf(java.util.stream.Stream<CompletableFuture<Void>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }
}
