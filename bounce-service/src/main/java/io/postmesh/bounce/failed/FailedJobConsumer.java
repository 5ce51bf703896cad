package io.postmesh.bounce.failed;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.postmesh.bounce.config.BounceConfig;
import io.postmesh.bounce.dsn.Dsn;
import io.postmesh.bounce.dsn.DsnBuilder;
import io.postmesh.bounce.dsn.ReportKind;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.MailSpans;
import io.postmesh.kafka.TraceHeaders;
import io.postmesh.kafka.UntilDone;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads failed jobs from {@code mail.failed} (channel {@code failed}) and writes one DSN per job to
 * {@code mail.inbound}, from where the queue and delivery services deliver it like any message.
 * The returned stage completes only when the DSN is durable, so the offset of the failed job is committed
 * only then; a failed publish fails the stage and the channel (failure strategy {@code fail}).
 */
@ApplicationScoped
public class FailedJobConsumer {
    private static final Logger LOG = Logger.getLogger(FailedJobConsumer.class);

    private final DurablePublisher publisher;
    private final Tracer tracer;
    private final DsnBuilder builder;

    public FailedJobConsumer(DurablePublisher publisher, Tracer tracer, BounceConfig config) {
        this.publisher = publisher;
        this.tracer = tracer;
        this.builder = new DsnBuilder(config.reportingMta(), config.postmaster());
    }

    @Incoming("failed")
    public CompletionStage<Void> onFailed(ConsumerRecord<byte[], byte[]> record) {
        // A failure (Redis or Kafka away for a while) is retried in place instead of stopping the channel.
        return UntilDone.retry("bouncing " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> onFailedOnce(record));
    }

    CompletionStage<Void> onFailedOnce(ConsumerRecord<byte[], byte[]> record) {
        Optional<Envelope> job = envelopeOf(record);
        if (job.isEmpty()) {
            // Nothing can be reported without an envelope, and retrying cannot repair the record; failing
            // the channel would stop all bounces behind it, so it is logged and skipped.
            LOG.errorf("record %s-%d@%d has no valid %s header; no DSN", record.topic(), record.partition(),
                    record.offset(), MailHeaders.ENVELOPE);
            return CompletableFuture.completedFuture(null);
        }
        Envelope failed = job.get();
        Context parent = TraceHeaders.extract(record.headers());
        Span span = tracer.spanBuilder(MailSpans.BOUNCE_DSN).setParent(parent).startSpan();
        Context traced = parent.with(span);
        try (Scope ignored = traced.makeCurrent()) {
            span.setAttribute(MailSpans.QUEUE_ID, String.valueOf(failed.queueId()));
            if (failed.messageId() != null) {
                span.setAttribute(MailSpans.MESSAGE_ID, failed.messageId());
            }
            span.setAttribute(MailSpans.TENANT, failed.tenant());
            String dsnQueueId = QueueIds.next();
            Instant now = Instant.now();
            ReportKind kind = kindOf(record);
            span.setAttribute("postmesh.dsn_action", kind.action());
            Optional<Dsn> dsn = builder.build(failed, outcomesOf(record), bodyOf(record), dsnQueueId, now, kind);
            if (dsn.isEmpty()) {
                span.setAttribute(MailSpans.RECIPIENT_COUNT, 0L);
                span.end();
                LOG.debugf("no DSN for %s (null reverse path, a DSN itself, or NOTIFY without FAILURE)",
                        failed.queueId());
                return CompletableFuture.completedFuture(null);
            }
            span.setAttribute(MailSpans.RECIPIENT_COUNT, (long) dsn.get().recipients().size());
            span.setAttribute(MailSpans.DSN_QUEUE_ID, dsnQueueId);
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(Topics.INBOUND,
                    dsnQueueId.getBytes(StandardCharsets.US_ASCII), dsn.get().bytes());
            out.headers().add(MailHeaders.ENVELOPE, Json.write(DsnEnvelopes.of(failed, dsn.get(), dsnQueueId, now)));
            LOG.infof("DSN %s for %s to <%s>: %d recipient(s)", dsnQueueId, failed.queueId(),
                    failed.reversePath(), dsn.get().recipients().size());
            // The DSN carries this span's context, so its delivery continues the original message's trace.
            return publisher.publish(out, traced)
                    .whenComplete((metadata, error) -> {
                        if (error != null) {
                            span.recordException(error);
                            span.setStatus(StatusCode.ERROR, "DSN not published");
                        }
                        span.end();
                    })
                    .thenApply(metadata -> null);
        } catch (RuntimeException e) {
            // A bug in DSN building: fail the channel rather than lose the bounce (the record stays in Kafka).
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, "DSN not built");
            span.end();
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Optional<Envelope> envelopeOf(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MailHeaders.ENVELOPE);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.envelope(header.value()));
        } catch (IllegalArgumentException e) {
            LOG.error("invalid envelope: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Outcomes only add detail; without them every recipient is reported with status 5.0.0. */
    private static List<RecipientOutcome> outcomesOf(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MailHeaders.OUTCOMES);
        if (header == null || header.value() == null) {
            return List.of();
        }
        try {
            return Json.outcomes(header.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("invalid outcomes, reporting without them: " + e.getMessage());
            return List.of();
        }
    }

    /** A {@code pm-notice: delayed} record asks for a delay warning; anything else reports a failure. */
    static ReportKind kindOf(ConsumerRecord<byte[], byte[]> record) {
        Header notice = record.headers().lastHeader(MailHeaders.NOTICE);
        return notice != null && MailHeaders.NOTICE_DELAYED.equals(new String(notice.value(), StandardCharsets.US_ASCII))
                ? ReportKind.DELAYED : ReportKind.FAILED;
    }

    private static byte[] bodyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? new byte[0] : record.value();
    }
}
