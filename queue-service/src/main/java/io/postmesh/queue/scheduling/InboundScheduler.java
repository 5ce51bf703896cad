package io.postmesh.queue.scheduling;

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
import io.postmesh.model.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads accepted mail from {@code mail.inbound} (channel {@code inbound}) and writes one delivery job per
 * destination domain to {@code mail.delivery}, keyed by the domain so that one destination's jobs meet the
 * same delivery consumer. The offset of an inbound record is committed only after all its jobs are durable:
 * a crash in between re-reads the record and writes the jobs again (at-least-once; the delivery service's
 * delivered-markers keep a recipient from getting the message twice).
 */
@ApplicationScoped
public class InboundScheduler {
    private static final Logger LOG = Logger.getLogger(InboundScheduler.class);

    @Inject
    DurablePublisher publisher;

    @Inject
    Tracer tracer;

    @Incoming("inbound")
    public CompletionStage<Void> schedule(ConsumerRecord<byte[], byte[]> record) {
        Header envelopeHeader = record.headers().lastHeader(MailHeaders.ENVELOPE);
        if (envelopeHeader == null) {
            // Not written by the pipeline: nothing to deliver, and retrying cannot fix it.
            LOG.errorf("skipping %s record at offset %d without envelope", Topics.INBOUND, record.offset());
            return CompletableFuture.completedFuture(null);
        }
        Envelope message = Json.envelope(envelopeHeader.value());
        Span span = tracer.spanBuilder(MailSpans.QUEUE_SCHEDULE)
                .setParent(TraceHeaders.extract(record.headers()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MailSpans.QUEUE_ID, message.queueId())
                .setAttribute(MailSpans.RECIPIENT_COUNT, (long) message.recipients().size())
                .startSpan();
        if (message.messageId() != null) {
            span.setAttribute(MailSpans.MESSAGE_ID, message.messageId());
        }
        Context context = Context.current().with(span);
        List<Envelope> jobs = DestinationSplitter.split(message);
        span.setAttribute(MailSpans.RECIPIENT_DOMAIN, String.join(",",
                jobs.stream().map(Envelope::destination).toList()));
        CompletableFuture<?>[] sends = jobs.stream()
                .map(job -> publisher.publish(jobRecord(job, record.value()), context))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sends).whenComplete((ok, error) -> {
            if (error != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, "delivery jobs not written");
            }
            span.end();
        });
    }

    static ProducerRecord<byte[], byte[]> jobRecord(Envelope job, byte[] body) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(Topics.DELIVERY,
                job.destination().getBytes(StandardCharsets.UTF_8), body);
        out.headers().add(MailHeaders.ENVELOPE, Json.write(job));
        return out;
    }
}
