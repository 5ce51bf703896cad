package io.postmesh.ingress.handoff;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.postmesh.ingress.config.IngressConfig;
import io.postmesh.ingress.processing.MessageProcessor;
import io.postmesh.ingress.processing.ProcessingOutcome;
import io.postmesh.ingress.smtp.protocol.AcceptedMessage;
import io.postmesh.ingress.smtp.protocol.Reply;
import io.postmesh.ingress.telemetry.IngressMetrics;
import io.postmesh.ingress.telemetry.IngressSpans;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.MailSpans;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.SmtpReply;
import io.postmesh.model.Topics;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>Before anything is written, the message passes the {@link MessageProcessor} (loop detection, submission
 * fields, content scanning, DKIM signing), which may refuse it; the span covers processing and writing.
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

    @Inject
    MessageProcessor processor;

    @Inject
    IngressMetrics metrics;

    @ConfigProperty(name = "postmesh.kafka.delivery-timeout", defaultValue = "30s")
    Duration deliveryTimeout;

    private volatile BounceRouting routing;

    /** One message on its way into Kafka: the span of its acceptance and the durable-write future. */
    public final class InFlight {
        private volatile Envelope envelope;
        /** The part written to {@link Topics#INBOUND}, or null when all recipients were in the bounce domain. */
        private volatile Envelope inbound;
        private final Span span;
        private CompletionStage<SmtpReply> done;

        private InFlight(Envelope envelope, Span span) {
            this.envelope = envelope;
            this.span = span;
        }

        /**
         * Completes with null once every record is durable, or with the reply that refuses the message when
         * processing refused it (nothing was written); fails on a send error or timeout. Runs on a Kafka or
         * worker thread.
         */
        public CompletionStage<SmtpReply> done() {
            return done;
        }

        /** The envelope as written: after processing, its Message-ID and size are those of the stored bytes. */
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
                } else if (reply.isError()) {
                    LOG.infof("refused %s from %s: %s", envelope.queueId(), envelope.clientAddress(), reply);
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

    /**
     * Processes {@code message} and starts the durable write of the result; the caller must call
     * {@link InFlight#finish} once {@link InFlight#done()} completes.
     */
    public InFlight start(AcceptedMessage message) {
        return start(message, null, null);
    }

    /**
     * As {@link #start(AcceptedMessage)}, for a client authenticated outside SMTP (the HTTP submission API):
     * the envelope is accounted to {@code tenant} and names {@code authUser}; null keeps the defaults.
     */
    public InFlight start(AcceptedMessage message, String tenant, String authUser) {
        Envelope received = EnvelopeFactory.from(message, Instant.now());
        Envelope envelope = tenant == null && authUser == null ? received
                : received.withIdentity(tenant != null ? tenant : received.tenant(), authUser);
        // The root span of the message's trace: every later hop continues it from the Kafka headers.
        long started = System.nanoTime();
        Span span = tracer.spanBuilder(MailSpans.INGRESS_ACCEPT)
                .setSpanKind(SpanKind.SERVER)
                .setNoParent()
                .setAttribute(MailSpans.QUEUE_ID, envelope.queueId())
                .setAttribute(MailSpans.CLIENT_ADDRESS, envelope.clientAddress())
                .setAttribute(MailSpans.RECIPIENT_COUNT, (long) envelope.recipients().size())
                .setAttribute(MailSpans.TENANT, envelope.tenant())
                .setAttribute(IngressSpans.TLS_ESTABLISHED, message.tls())
                .startSpan();
        if (message.tlsProtocol() != null) {
            span.setAttribute(IngressSpans.TLS_PROTOCOL_VERSION, IngressSpans.tlsVersion(message.tlsProtocol()));
            span.setAttribute(IngressSpans.TLS_CIPHER, message.tlsCipher());
        }
        if (envelope.authUser() != null) {
            span.setAttribute(IngressSpans.AUTH_USER, envelope.authUser());
        }
        InFlight inFlight = new InFlight(envelope, span);
        inFlight.done = processor.process(envelope, message.content()).thenCompose(outcome -> {
            if (outcome instanceof ProcessingOutcome.Rejected rejected) {
                return CompletableFuture.completedFuture(rejected.reply());
            }
            byte[] content = ((ProcessingOutcome.Accepted) outcome).content();
            return write(inFlight, EnvelopeFactory.withContent(envelope, content), content)
                    .thenApply(meta -> {
                        metrics.handoff(System.nanoTime() - started);
                        return (SmtpReply) null;
                    });
        });
        return inFlight;
    }

    /** Writes the processed message to its topics; completes when the last record is durable. */
    private CompletableFuture<RecordMetadata> write(InFlight inFlight, Envelope envelope, byte[] content) {
        Span span = inFlight.span;
        inFlight.envelope = envelope;
        span.setAttribute(MailSpans.MESSAGE_SIZE, envelope.size());
        if (envelope.messageId() != null) {
            span.setAttribute(MailSpans.MESSAGE_ID, envelope.messageId());
        }
        CompletableFuture<RecordMetadata> durable = null;
        for (BounceRouting.Route route : routing().routes(envelope)) {
            if (route.topic().equals(Topics.INBOUND)) {
                inFlight.inbound = route.envelope();
            } else {
                span.setAttribute("postmesh.bounce_recipients", (long) route.envelope().recipients().size());
            }
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(route.topic(),
                    envelope.queueId().getBytes(StandardCharsets.UTF_8), content);
            record.headers().add(MailHeaders.ENVELOPE, Json.write(route.envelope()));
            CompletableFuture<RecordMetadata> sent = publish(record, Context.current().with(span));
            // The client's 250 covers every record: it waits for the last of them.
            durable = durable == null ? sent : durable.thenCombine(sent, (a, b) -> b);
        }
        return durable.orTimeout(deliveryTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
