package io.postmesh.queue.routing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import io.postmesh.queue.config.SchedulingConfig;
import io.postmesh.queue.control.QueueControl;
import io.postmesh.queue.quota.QuotaDeferral;
import io.postmesh.queue.quota.QuotaPolicy;
import io.postmesh.queue.quota.TenantQuotas;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The one way a ready job leaves the queue: to its delivery lane ({@code mail.delivery} or
 * {@code mail.delivery.transactional}), or to {@code mail.hold} with a HELD event per recipient when an
 * operator suspended its tenant or destination, or back to {@code mail.deferred} while its tenant is held
 * back for quota ({@link TenantQuotas}). Used by the scheduler, the retry tiers and the hold releaser, so
 * suspension, quotas and lanes mean the same thing everywhere. The returned future completes when
 * everything written is durable.
 */
@ApplicationScoped
public class JobRouter {
    private final DurablePublisher publisher;
    private final QueueControl control;
    private final SchedulingConfig config;
    private final TenantQuotas quotas;
    private final QuotaDeferral quotaDeferral;

    public JobRouter(DurablePublisher publisher, QueueControl control, SchedulingConfig config, TenantQuotas quotas,
                     QuotaDeferral quotaDeferral) {
        this.publisher = publisher;
        this.control = control;
        this.config = config;
        this.quotas = quotas;
        this.quotaDeferral = quotaDeferral;
    }

    public CompletableFuture<Void> route(Envelope job, byte[] body, Context trace) {
        if (job.dsn()) {
            // DSNs are the pipeline's own mail: never held back by the tenant's sending quota.
            return routeNow(job, body, trace);
        }
        return quotas.blockedUntil(job.tenant()).toCompletableFuture().thenCompose(until -> until == null
                ? routeNow(job, body, trace)
                : quotaDeferral.write(job, body,
                        new QuotaPolicy.Decision(QuotaPolicy.Verdict.DEFER, "current", until), trace));
    }

    private CompletableFuture<Void> routeNow(Envelope job, byte[] body, Context trace) {
        if (control.suspended(job.tenant(), job.destination())) {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            sends.add(publisher.publish(record(Topics.HOLD, job, body), trace));
            String traceId = Span.fromContext(trace).getSpanContext().getTraceId();
            for (var recipient : job.recipients()) {
                RecipientOutcome held = new RecipientOutcome(recipient.address(),
                        RecipientOutcome.Result.TEMPORARY_FAILURE, "4.3.2", "held: delivery suspended by operator",
                        null, Instant.now());
                sends.add(publisher.publish(new ProducerRecord<>(Topics.EVENTS, key(job.queueId()),
                        Json.write(MailEvent.ofOutcome(MailEvent.EventType.HELD, job, held, traceId))), trace));
            }
            return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        }
        String topic = job.transactional() ? Topics.DELIVERY_TRANSACTIONAL : Topics.DELIVERY;
        return publisher.publish(record(topic, job, body), trace).thenApply(metadata -> null);
    }

    private ProducerRecord<byte[], byte[]> record(String topic, Envelope job, byte[] body) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, key(deliveryKey(job, shardsOf(job))), body);
        out.headers().add(MailHeaders.ENVELOPE, Json.write(job));
        return out;
    }

    private int shardsOf(Envelope job) {
        Integer shards = config.shards().get(job.destination());
        return shards == null || shards < 1 ? 1 : shards;
    }

    /**
     * The partition key of a delivery job: the destination, or {@code destination#n} for a destination spread
     * over {@code shards} keys (n chosen by queue id, so one message's retries stay on one key).
     */
    public static String deliveryKey(Envelope job, int shards) {
        if (shards <= 1) {
            return job.destination();
        }
        return job.destination() + "#" + Math.floorMod(job.queueId().hashCode(), shards);
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
