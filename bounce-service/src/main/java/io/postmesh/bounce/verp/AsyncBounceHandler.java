package io.postmesh.bounce.verp;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.postmesh.bounce.classify.BounceClassifier;
import io.postmesh.bounce.classify.ClassifiedBounce;
import io.postmesh.bounce.config.BounceConfig;
import io.postmesh.bounce.suppression.MailboxNames;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.MailSpans;
import io.postmesh.kafka.TraceHeaders;
import io.postmesh.model.Addresses;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.model.Verp;
import io.postmesh.model.VerpEntry;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Asynchronous bounces (RFC 3464 DSNs and the non-standard formats {@link BounceClassifier} reads) received on
 * {@code mail.bounces.inbound} for one of our VERP reverse paths: the envelope recipient names the job
 * ({@code pm:verp:<token>}, written by delivery before sending), so the original queue id and tenant are known
 * exactly, whatever the bounce's own headers say.
 *
 * <p>For each failed recipient that belongs to the job (or every recipient of the job when the bounce names
 * none that does): a BOUNCED event keyed by the original queue id. The suppression rules (hard at once, soft by
 * threshold) are applied by {@link io.postmesh.bounce.suppression.BouncedEventConsumer} when it reads that event,
 * the same single place that handles synchronous bounces, so an async bounce is counted exactly once. Delay warnings write nothing. An address whose MAC does not verify, or whose token
 * is unknown or expired, is logged and acknowledged: anyone can send to the bounce domain, and only a verified
 * address may suppress.
 */
@ApplicationScoped
public class AsyncBounceHandler {
    private static final Logger LOG = Logger.getLogger(AsyncBounceHandler.class);
    /** Span of one attributed bounce; linked to the original message's trace rather than parented on it. */
    public static final String SPAN = "bounce async";

    private final BounceConfig config;
    private final RedisDataSource redis;
    private final DurablePublisher publisher;
    private final Tracer tracer;

    public AsyncBounceHandler(BounceConfig config, RedisDataSource redis, DurablePublisher publisher,
                              Tracer tracer) {
        this.config = config;
        this.redis = redis;
        this.publisher = publisher;
        this.tracer = tracer;
    }

    /** Handles a non-ARF record of {@code mail.bounces.inbound}; returns once everything it wrote is durable. */
    public void handle(ConsumerRecord<byte[], byte[]> record) {
        Optional<String> domain = config.verp().domain().filter(d -> !d.isBlank());
        Optional<String> secret = config.verp().secret().filter(s -> !s.isEmpty());
        if (domain.isEmpty() || secret.isEmpty() || record.value() == null) {
            LOG.debugf("%s: VERP not configured (postmesh.bounce.verp.*); not attributed", where(record));
            return;
        }
        List<String> envelopeRecipients = envelopeRecipients(record);
        String token = null;
        for (String rcpt : envelopeRecipients) {
            token = Verp.parse(secret.get(), domain.get(), rcpt).orElse(null);
            if (token != null) {
                break;
            }
        }
        if (token == null) {
            LOG.infof("%s to %s: no verified VERP address; ignored", where(record), envelopeRecipients);
            return;
        }
        String json = redis.value(String.class, String.class).get(Verp.key(token));
        if (json == null) {
            LOG.warnf("%s: VERP token %s unknown or expired; ignored", where(record), token);
            return;
        }
        VerpEntry job;
        try {
            job = Json.read(json.getBytes(StandardCharsets.UTF_8), VerpEntry.class);
        } catch (IllegalArgumentException e) {
            LOG.errorf("%s: unreadable %s (%s); ignored", where(record), Verp.key(token), e.getMessage());
            return;
        }
        attribute(record, job);
    }

    private void attribute(ConsumerRecord<byte[], byte[]> record, VerpEntry job) {
        SpanContext original = TraceHeaders.spanContext(job.traceparent());
        var builder = tracer.spanBuilder(SPAN).setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceHeaders.extract(record.headers()));
        if (original.isValid()) {
            builder.addLink(original);
        }
        Span span = builder.startSpan();
        span.setAttribute(MailSpans.QUEUE_ID, job.queueId());
        span.setAttribute(MailSpans.TENANT, job.tenant());
        try {
            Map<String, ClassifiedBounce> failed = failedRecipients(record.value(), job);
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (Map.Entry<String, ClassifiedBounce> e : failed.entrySet()) {
                MailEvent event = bounced(job, e.getKey(), e.getValue(), span);
                sends.add(publisher.publish(new ProducerRecord<>(Topics.EVENTS,
                        job.queueId().getBytes(StandardCharsets.UTF_8), Json.write(event)),
                        Context.current().with(span)));
            }
            span.setAttribute(MailSpans.RECIPIENT_COUNT, (long) sends.size());
            LOG.infof("%s: async bounce of %s (tenant %s) for %s", where(record), job.queueId(), job.tenant(),
                    failed.keySet());
            // Durable before acknowledged: a failed publish fails the channel, the record is read again.
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, "async bounce not recorded");
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Job recipient (lower case) → its classification. Recipients the bounce names that were not in the job
     * are dropped (a forwarded address bouncing is not ours to suppress); a bounce that names none of the
     * job's (forwarding, odd formats) but does report a failure counts for all of them, with its first verdict.
     * Only delay warnings, or nothing recognisable as a failure, yield nothing.
     */
    static Map<String, ClassifiedBounce> failedRecipients(byte[] raw, VerpEntry job) {
        List<ClassifiedBounce> all = BounceClassifier.classify(raw);
        List<ClassifiedBounce> failures = BounceClassifier.classifyFailures(raw);
        Map<String, String> jobRecipients = new LinkedHashMap<>();
        for (String r : job.recipients()) {
            MailboxNames.normalize(r).ifPresent(n -> jobRecipients.put(n, r));
        }
        Map<String, ClassifiedBounce> out = new LinkedHashMap<>();
        for (ClassifiedBounce b : failures) {
            MailboxNames.normalize(b.recipient()).filter(jobRecipients::containsKey)
                    .ifPresent(n -> out.putIfAbsent(n, b));
        }
        boolean namesJobRecipient = all.stream().anyMatch(b -> MailboxNames.normalize(b.recipient())
                .filter(jobRecipients::containsKey).isPresent());
        if (out.isEmpty() && !namesJobRecipient && !failures.isEmpty()) {
            for (String n : jobRecipients.keySet()) {
                out.put(n, failures.get(0));
            }
        }
        return out;
    }

    private static MailEvent bounced(VerpEntry job, String recipient, ClassifiedBounce b, Span span) {
        String reply = b.diagnostic() != null ? b.diagnostic() : b.status() + " " + b.reason();
        return new MailEvent(MailEvent.VERSION, MailEvent.EventType.BOUNCED, job.queueId(), job.messageId(),
                job.tenant(), recipient, Addresses.domainOf(recipient), job.attempt(), Instant.now(), b.status(),
                reply, b.reportingMta(), span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null,
                job.campaign());
    }

    private static List<String> envelopeRecipients(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MailHeaders.ENVELOPE);
        if (header == null || header.value() == null) {
            return List.of();
        }
        try {
            return Json.envelope(header.value()).recipients().stream().map(Recipient::address).toList();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static String where(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
