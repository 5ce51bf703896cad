package io.postmesh.queue.retry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.MailSpans;
import io.postmesh.kafka.TraceHeaders;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.queue.control.PurgedEvents;
import io.postmesh.queue.control.QueueControl;
import io.postmesh.queue.routing.JobRouter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * What happens to a job on a retry tier, given the operator's rules ({@link QueueControl}): it is due at its
 * {@code pm-due-at}, or at once when its tenant or destination was flushed ("retry now", Postfix {@code postqueue -f})
 * after the job was deferred (the tier record's timestamp) or purged after the message was first seen. A due job is
 * routed by {@link JobRouter} (delivery lane or hold); a purged one is dropped with a PURGED event per recipient.
 */
@ApplicationScoped
public class RetryRelease implements TierHandler {
    private static final Logger LOG = Logger.getLogger(RetryRelease.class);

    private final JobRouter router;
    private final QueueControl control;
    private final DurablePublisher publisher;
    private final Tracer tracer;

    public RetryRelease(JobRouter router, QueueControl control, DurablePublisher publisher, Tracer tracer) {
        this.router = router;
        this.control = control;
        this.publisher = publisher;
        this.tracer = tracer;
    }

    @Override
    public long dueAt(ConsumerRecord<byte[], byte[]> record) {
        Envelope job = envelope(record);
        Header due = record.headers().lastHeader(MailHeaders.DUE_AT);
        if (job == null || due == null) {
            return 0;
        }
        if (purged(job) || control.flushedAt(job.tenant(), job.destination()) > record.timestamp()) {
            return 0;
        }
        try {
            return Long.parseLong(new String(due.value(), StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public long rulesVersion() {
        return control.rulesVersion();
    }

    @Override
    public CompletableFuture<Void> release(ConsumerRecord<byte[], byte[]> record) {
        Envelope job = envelope(record);
        if (job == null) {
            LOG.errorf("skipping %s record at offset %d without envelope", record.topic(), record.offset());
            return CompletableFuture.completedFuture(null);
        }
        boolean purged = purged(job);
        Span span = span(record, job, purged ? "purged" : "routed");
        Context context = Context.current().with(span);
        CompletableFuture<Void> done;
        if (purged) {
            // Silent, like postsuper -d: PURGED events only, written the way the hold releaser writes them.
            done = CompletableFuture.allOf(PurgedEvents.records(job, span.getSpanContext().getTraceId(),
                    Instant.now()).stream().map(e -> publisher.publish(e, context)).toArray(CompletableFuture[]::new));
        } else {
            done = router.route(job, record.value(), context);
        }
        return ended(span, done);
    }

    @Override
    public CompletableFuture<Void> reappend(ConsumerRecord<byte[], byte[]> record) {
        Envelope job = envelope(record);
        if (job == null) {
            return CompletableFuture.completedFuture(null);
        }
        Span span = span(record, job, "reappended");
        return ended(span, publisher.publish(RetryRecords.reappended(record), Context.current().with(span))
                .thenApply(m -> null));
    }

    private boolean purged(Envelope job) {
        return PurgedEvents.purged(job, control.purgedAt(job.tenant(), job.destination()));
    }

    private Span span(ConsumerRecord<byte[], byte[]> record, Envelope job, String what) {
        return tracer.spanBuilder(RetrySpans.QUEUE_RELEASE)
                .setParent(TraceHeaders.extract(record.headers()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MailSpans.QUEUE_ID, job.queueId())
                .setAttribute(MailSpans.TENANT, job.tenant())
                .setAttribute(MailSpans.RECIPIENT_DOMAIN, String.valueOf(job.destination()))
                .setAttribute(MailSpans.ATTEMPT, (long) job.attempt())
                .setAttribute(RetrySpans.TIER, record.topic())
                .setAttribute(RetrySpans.RELEASE, what)
                .startSpan();
    }

    private static CompletableFuture<Void> ended(Span span, CompletableFuture<?> done) {
        return done.handle((ok, error) -> {
            if (error != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, "release not written");
            }
            span.end();
            return error;
        }).thenCompose(error -> error == null ? CompletableFuture.<Void>completedFuture(null)
                : CompletableFuture.<Void>failedFuture(error));
    }

    private static Envelope envelope(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(MailHeaders.ENVELOPE);
        if (h == null) {
            return null;
        }
        try {
            return Json.envelope(h.value());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
