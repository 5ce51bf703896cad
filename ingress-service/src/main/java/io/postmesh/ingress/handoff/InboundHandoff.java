package io.postmesh.ingress.handoff;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.postmesh.ingress.config.IngressConfig;
import io.postmesh.ingress.smtp.protocol.AcceptedMessage;
import io.postmesh.ingress.smtp.protocol.Reply;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.MailSpans;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Topics;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Hands accepted mail to the pipeline: writes the message to {@link Topics#INBOUND} (key: queue id, value:
 * the message bytes, header {@link MailHeaders#ENVELOPE}: the JSON envelope, plus {@code traceparent}) and,
 * once the client has its 250, an ACCEPTED {@link MailEvent} to {@link Topics#EVENTS}.
 *
 * <p>Like Postfix's cleanup, which writes the queue file before it tells qmgr, nothing is acknowledged to
 * the client before Kafka has the record durably; a send that fails or outlasts
 * {@code postmesh.kafka.delivery-timeout} makes the caller answer 451.
 *
 * <p>Mail for the bounce domain goes to {@link Topics#BOUNCES_INBOUND} instead, in the same record format
 * ({@link BounceRouting}); a message for both is written to both, and 250 waits for both records.
 */
@ApplicationScoped
public class InboundHandoff {
    private static final Logger LOG = Logger.getLogger(InboundHandoff.class);

    @Inject
    DurablePublisher publisher;

    @Inject
    Tracer tracer;

    @Inject
    Vertx vertx;

    @Inject
    IngressConfig config;

    @ConfigProperty(name = "postmesh.kafka.delivery-timeout", defaultValue = "30s")
    Duration deliveryTimeout;

    private volatile BounceRouting routing;

    /** One message on its way into Kafka: the span of its acceptance and the durable-write future. */
    public final class InFlight {
        private final Envelope envelope;
        /** The part written to {@link Topics#INBOUND}, or null when all recipients were in the bounce domain. */
        private final Envelope inbound;
        private final Span span;
        private final CompletionStage<RecordMetadata> durable;

        private InFlight(Envelope envelope, Envelope inbound, Span span, CompletionStage<RecordMetadata> durable) {
            this.envelope = envelope;
            this.inbound = inbound;
            this.span = span;
            this.durable = durable;
        }

        /** Completes when the record is durable; fails on a send error or timeout. Runs on a Kafka thread. */
        public CompletionStage<RecordMetadata> durable() {
            return durable;
        }

        public Envelope envelope() {
            return envelope;
        }

        /**
         * Records the reply the client got and ends the span; after a positive reply, publishes the
         * ACCEPTED event in the background (the client is not kept waiting for it).
         */
        public void finish(Reply reply, Throwable failure) {
            span.setAttribute(MailSpans.SMTP_REPLY, reply.toString());
            try (Scope ignored = span.makeCurrent()) {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, "hand-off failed");
                    span.recordException(failure);
                    LOG.warnf("hand-off of %s failed: %s", envelope.queueId(), failure.toString());
                } else {
                    LOG.infof("queued %s from %s size=%d rcpts=%d", envelope.queueId(), envelope.clientAddress(),
                            envelope.size(), envelope.recipients().size());
                    // A received bounce is not mail we send: it gets no ACCEPTED event of its own.
                    if (inbound != null) {
                        publishAccepted(inbound, reply, span);
                    }
                }
            } finally {
                span.end();
            }
        }
    }

    /** Starts the durable write of {@code message}; the caller must call {@link InFlight#finish} once. */
    public InFlight start(AcceptedMessage message) {
        return start(message, null, null);
    }

    /**
     * As {@link #start(AcceptedMessage)}, for a client authenticated outside SMTP (the HTTP submission API):
     * the envelope is accounted to {@code tenant} and names {@code authUser}; null keeps the defaults.
     */
    public InFlight start(AcceptedMessage message, String tenant, String authUser) {
        Envelope envelope = EnvelopeFactory.from(message, Instant.now());
        if (tenant != null || authUser != null) {
            envelope = envelope.withIdentity(tenant != null ? tenant : envelope.tenant(), authUser);
        }
        // The root span of the message's trace: every later hop continues it from the Kafka headers.
        Span span = tracer.spanBuilder(MailSpans.INGRESS_ACCEPT)
                .setSpanKind(SpanKind.SERVER)
                .setNoParent()
                .setAttribute(MailSpans.QUEUE_ID, envelope.queueId())
                .setAttribute(MailSpans.CLIENT_ADDRESS, envelope.clientAddress())
                .setAttribute(MailSpans.MESSAGE_SIZE, envelope.size())
                .setAttribute(MailSpans.RECIPIENT_COUNT, (long) envelope.recipients().size())
                .setAttribute(MailSpans.TENANT, envelope.tenant())
                .startSpan();
        if (envelope.messageId() != null) {
            span.setAttribute(MailSpans.MESSAGE_ID, envelope.messageId());
        }
        List<BounceRouting.Route> routes = routing().routes(envelope);
        Envelope inbound = null;
        CompletableFuture<RecordMetadata> durable = null;
        for (BounceRouting.Route route : routes) {
            if (route.topic().equals(Topics.INBOUND)) {
                inbound = route.envelope();
            } else {
                span.setAttribute("postmesh.bounce_recipients", (long) route.envelope().recipients().size());
            }
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(route.topic(),
                    envelope.queueId().getBytes(StandardCharsets.UTF_8), message.content());
            record.headers().add(MailHeaders.ENVELOPE, Json.write(route.envelope()));
            CompletableFuture<RecordMetadata> sent = publish(record, Context.current().with(span));
            // The client's 250 covers every record: it waits for the last of them.
            durable = durable == null ? sent : durable.thenCombine(sent, (a, b) -> b);
        }
        return new InFlight(envelope, inbound, span,
                durable.orTimeout(deliveryTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private BounceRouting routing() {
        BounceRouting r = routing;
        if (r == null) {
            r = new BounceRouting(config.bounceDomain());
            routing = r;
        }
        return r;
    }

    private void publishAccepted(Envelope envelope, Reply reply, Span span) {
        MailEvent event = MailEvent.accepted(envelope, reply.toString(), span.getSpanContext().getTraceId());
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.EVENTS,
                envelope.queueId().getBytes(StandardCharsets.UTF_8), Json.write(event));
        publish(record, Context.current().with(span)).whenComplete((meta, error) -> {
            if (error != null) {
                LOG.warnf("ACCEPTED event for %s not written: %s", envelope.queueId(), error.toString());
            }
        });
    }

    /**
     * {@code KafkaProducer.send} can block for up to {@code max.block.ms} while it waits for metadata (a broker
     * that is down); that wait happens on a worker thread, never on the connection's event loop.
     */
    private CompletableFuture<RecordMetadata> publish(ProducerRecord<byte[], byte[]> record, Context trace) {
        return vertx.<CompletableFuture<RecordMetadata>>executeBlocking(() -> publisher.publish(record, trace), false)
                .toCompletionStage()
                .toCompletableFuture()
                .thenCompose(f -> f);
    }
}
