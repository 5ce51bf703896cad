package io.postmesh.queue.retry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.MailSpans;
import io.postmesh.kafka.TraceHeaders;
import io.postmesh.kafka.UntilDone;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code mail.deferred} (channel {@code deferred}) and decides, as Postfix qmgr does for its deferred queue,
 * what becomes of each temporarily failed job ({@link RetryPlan}): it waits on a retry tier until its next attempt
 * is due ({@code pm-due-at}), or, once older than the max age, fails with 4.4.7 on {@code mail.failed} (the bounce
 * service writes the DSN) with an EXPIRED event per recipient. The deferral that crosses the delay-warning age also
 * writes a {@code pm-notice: delayed} record to {@code mail.failed} and a DELAYED event per recipient.
 *
 * <p>The offset is committed only when everything written for the record is durable; a crash in between writes it
 * again (a job then waits twice on a tier and may be attempted twice; delivered-markers absorb that).
 */
@ApplicationScoped
public class DeferredScheduler {
    private static final Logger LOG = Logger.getLogger(DeferredScheduler.class);

    private final DurablePublisher publisher;
    private final Tracer tracer;
    private final RetryConfig config;
    private final Clock clock;

    @Inject
    public DeferredScheduler(DurablePublisher publisher, Tracer tracer, RetryConfig config) {
        this(publisher, tracer, config, Clock.systemUTC());
    }

    DeferredScheduler(DurablePublisher publisher, Tracer tracer, RetryConfig config, Clock clock) {
        this.publisher = publisher;
        this.tracer = tracer;
        this.config = config;
        this.clock = clock;
    }

    @Incoming("deferred")
    public CompletionStage<Void> reschedule(ConsumerRecord<byte[], byte[]> record) {
        // A failure (Redis or Kafka away for a while) is retried in place instead of stopping the channel.
        return UntilDone.retry("rescheduling " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> rescheduleOnce(record));
    }

    CompletionStage<Void> rescheduleOnce(ConsumerRecord<byte[], byte[]> record) {
        Header envelopeHeader = record.headers().lastHeader(MailHeaders.ENVELOPE);
        if (envelopeHeader == null) {
            LOG.errorf("skipping %s record at offset %d without envelope", Topics.DEFERRED, record.offset());
            return CompletableFuture.completedFuture(null);
        }
        Envelope job = Json.envelope(envelopeHeader.value());
        Header outcomesHeader = record.headers().lastHeader(MailHeaders.OUTCOMES);
        List<RecipientOutcome> outcomes = outcomesHeader == null ? List.of() : Json.outcomes(outcomesHeader.value());
        Instant now = clock.instant();
        Instant deferredAt = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : now;
        Backoff backoff = new Backoff(RetryPolicy.of(config, job.tenant(), job.destination()),
                ThreadLocalRandom.current());
        RetryPlan plan = RetryPlan.decide(job, deferredAt, now, backoff);

        Span span = tracer.spanBuilder(RetrySpans.QUEUE_RETRY)
                .setParent(TraceHeaders.extract(record.headers()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MailSpans.QUEUE_ID, job.queueId())
                .setAttribute(MailSpans.TENANT, job.tenant())
                .setAttribute(MailSpans.RECIPIENT_DOMAIN, String.valueOf(job.destination()))
                .setAttribute(MailSpans.ATTEMPT, (long) job.attempt())
                .setAttribute(RetrySpans.EXPIRED, plan.expired())
                .setAttribute(RetrySpans.DELAY_WARNING, plan.delayWarning())
                .startSpan();
        if (!plan.expired()) {
            span.setAttribute(RetrySpans.TIER, plan.tier());
            span.setAttribute(RetrySpans.DUE_AT, plan.dueAt().toEpochMilli());
        }
        Context context = Context.current().with(span);
        String traceId = span.getSpanContext().getTraceId();
        List<RecipientOutcome> last = RetryRecords.lastOutcomes(job, outcomes, now);

        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        if (plan.expired()) {
            List<RecipientOutcome> expired = RetryRecords.expiredOutcomes(job, last, now);
            out.add(RetryRecords.failedRecord(job, record.value(), expired, false));
            out.addAll(RetryRecords.events(EventType.EXPIRED, job, expired, traceId));
        } else {
            out.add(RetryRecords.tierRecord(record, plan.tier(), plan.dueAt()));
            if (plan.delayWarning()) {
                out.add(RetryRecords.failedRecord(job, record.value(), last, true));
                out.addAll(RetryRecords.events(EventType.DELAYED, job, last, traceId));
            }
        }
        CompletableFuture<?>[] sends = out.stream().map(r -> publisher.publish(r, context))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sends).whenComplete((ok, error) -> {
            if (error != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, "retry records not written");
            }
            span.end();
        });
    }
}
