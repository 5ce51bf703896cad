package io.postmesh.queue.quota;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the records of a job held back or refused for quota: DEFER → {@code mail.deferred} with a 4.7.1
 * outcome per recipient (the retry schedule brings it back; the attempt count is not raised, since no
 * delivery was attempted); REJECT → {@code mail.failed} with 5.7.1 (the bounce service tells the sender).
 * Either way one QUOTA_EXCEEDED event per recipient.
 */
@ApplicationScoped
public class QuotaDeferral {
    private final DurablePublisher publisher;

    public QuotaDeferral(DurablePublisher publisher) {
        this.publisher = publisher;
    }

    public CompletableFuture<Void> write(Envelope job, byte[] body, QuotaPolicy.Decision decision, Context trace) {
        boolean reject = decision.verdict() == QuotaPolicy.Verdict.REJECT;
        String status = reject ? "5.7.1" : "4.7.1";
        String text = "tenant " + job.tenant() + " is over its " + decision.period() + " message quota"
                + (reject ? "" : "; held until " + decision.resumeAt());
        Instant now = Instant.now();
        List<RecipientOutcome> outcomes = job.recipients().stream()
                .map(r -> new RecipientOutcome(r.address(), reject ? RecipientOutcome.Result.PERMANENT_FAILURE
                        : RecipientOutcome.Result.TEMPORARY_FAILURE, status, text, null, now))
                .toList();
        String topic = reject ? Topics.FAILED : Topics.DEFERRED;
        String key = reject ? job.queueId() : job.destination();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, bytes(key), body);
        record.headers().add(MailHeaders.ENVELOPE, Json.write(job));
        record.headers().add(MailHeaders.OUTCOMES, Json.write(outcomes));
        List<CompletableFuture<?>> sends = new ArrayList<>();
        sends.add(publisher.publish(record, trace));
        String traceId = Span.fromContext(trace).getSpanContext().getTraceId();
        for (RecipientOutcome outcome : outcomes) {
            sends.add(publisher.publish(new ProducerRecord<>(Topics.EVENTS, bytes(job.queueId()),
                    Json.write(MailEvent.ofOutcome(MailEvent.EventType.QUOTA_EXCEEDED, job, outcome, traceId))), trace));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
