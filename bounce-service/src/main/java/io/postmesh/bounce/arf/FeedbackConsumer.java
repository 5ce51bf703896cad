package io.postmesh.bounce.arf;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.postmesh.bounce.suppression.MailboxNames;
import io.postmesh.bounce.suppression.SuppressionPolicy;
import io.postmesh.bounce.suppression.Suppressor;
import io.postmesh.bounce.verp.AsyncBounceHandler;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.MailSpans;
import io.postmesh.kafka.TraceHeaders;
import io.postmesh.kafka.UntilDone;
import io.postmesh.model.Addresses;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Topics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code mail.bounces.inbound} (channel {@code bounces-inbound}, group {@code bounce-service-feedback})
 * and acts on feedback-loop complaints: an ARF report (RFC 5965) of type abuse, fraud or virus suppresses the
 * complainer for the tenant of the record's {@code pm-envelope} and writes a COMPLAINED event per complainer
 * to {@code mail.events} (through {@link DurablePublisher}, durable before the offset is committed). Other
 * records on the topic (asynchronous DSNs, plain mail) go to {@link AsyncBounceHandler}, which attributes them
 * by their VERP envelope recipient or ignores them.
 */
@ApplicationScoped
public class FeedbackConsumer {
    private static final Logger LOG = Logger.getLogger(FeedbackConsumer.class);
    /** Span of one handled report; not in {@link MailSpans} because only this service makes it. */
    static final String SPAN = "bounce feedback";
    /** RFC 3463 X.7.1: delivery not authorized, the status the queue service gives suppressed recipients too. */
    static final String STATUS = "5.7.1";

    private final Suppressor suppressor;
    private final SuppressionPolicy policy;
    private final DurablePublisher publisher;
    private final Tracer tracer;
    private final AsyncBounceHandler asyncBounces;

    public FeedbackConsumer(Suppressor suppressor, SuppressionPolicy policy, DurablePublisher publisher,
                            Tracer tracer, AsyncBounceHandler asyncBounces) {
        this.asyncBounces = asyncBounces;
        this.suppressor = suppressor;
        this.policy = policy;
        this.publisher = publisher;
        this.tracer = tracer;
    }

    /** Blocking: Redis is written with the blocking client and the events are awaited before the ack. */
    @Incoming("bounces-inbound")
    @Blocking
    public void onMessage(ConsumerRecord<byte[], byte[]> record) {
        // Redis or Kafka away for a while: retried in place (in order) instead of stopping the channel for good.
        UntilDone.retryBlocking("handling " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> handle(record));
    }

    void handle(ConsumerRecord<byte[], byte[]> record) {
        Optional<FeedbackReport> report = record.value() == null ? Optional.empty()
                : FeedbackReport.parse(record.value());
        if (report.isEmpty()) {
            LOG.debugf("%s-%d@%d is not an ARF report; handled as a bounce", record.topic(), record.partition(),
                    record.offset());
            asyncBounces.handle(record);
            return;
        }
        FeedbackReport arf = report.get();
        if (!arf.feedbackType().complaint()) {
            LOG.debugf("feedback report of type %s from %s: not a complaint", arf.feedbackType().token(),
                    arf.reportingDomain());
            return;
        }
        Envelope envelope = envelopeOf(record);
        Span span = tracer.spanBuilder(SPAN).setParent(TraceHeaders.extract(record.headers())).startSpan();
        try {
            span.setAttribute(MailSpans.TENANT, envelope.tenant());
            span.setAttribute(MailSpans.QUEUE_ID, String.valueOf(envelope.queueId()));
            span.setAttribute("postmesh.feedback_type", arf.feedbackType().token());
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (String raw : arf.complainers()) {
                Optional<String> address = MailboxNames.normalize(raw);
                if (address.isEmpty()) {
                    continue;
                }
                suppressor.apply(envelope.tenant(), address.get(),
                        policy.complaint(arf.feedbackType().token(), arf.reportingDomain()));
                sends.add(publisher.publish(eventRecord(envelope, arf, address.get(), span), Context.current().with(span)));
            }
            if (sends.isEmpty()) {
                // Providers that redact the recipient (and the To:) leave nothing to suppress by address.
                LOG.infof("%s complaint from %s names no recipient; nothing suppressed", arf.feedbackType().token(),
                        arf.reportingDomain());
            }
            span.setAttribute(MailSpans.RECIPIENT_COUNT, (long) sends.size());
            // Durable before acknowledged: the join fails the channel (and keeps the offset) if a publish fails.
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, "complaint not recorded");
            throw e;
        } finally {
            span.end();
        }
    }

    private static ProducerRecord<byte[], byte[]> eventRecord(Envelope envelope, FeedbackReport arf,
                                                              String complainer, Span span) {
        String queueId = envelope.queueId() == null ? "" : envelope.queueId();
        MailEvent event = new MailEvent(MailEvent.VERSION, MailEvent.EventType.COMPLAINED, queueId,
                arf.originalMessageId(), envelope.tenant(), complainer, Addresses.domainOf(complainer), 0,
                Instant.now(), STATUS, "complaint: " + arf.feedbackType().token(), null,
                span.getSpanContext().getTraceId(), null);
        return new ProducerRecord<>(Topics.EVENTS, queueId.getBytes(StandardCharsets.UTF_8), Json.write(event));
    }

    /** The report's envelope; without one (or unreadable) the report counts for the default tenant. */
    private static Envelope envelopeOf(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MailHeaders.ENVELOPE);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (header != null && header.value() != null) {
            try {
                return Json.envelope(header.value());
            } catch (IllegalArgumentException e) {
                LOG.warn("invalid envelope on a feedback report, using the default tenant: " + e.getMessage());
            }
        }
        return Envelope.builder().queueId(key).reversePath("").recipients(List.of()).build();
    }
}
