package io.postmesh.ingress.api;

import io.postmesh.ingress.config.IngressConfig;
import io.postmesh.ingress.handoff.InboundHandoff;
import io.postmesh.ingress.limits.RateDecision;
import io.postmesh.ingress.limits.TenantRateLimiter;
import io.postmesh.ingress.smtp.protocol.AcceptedMessage;
import io.postmesh.ingress.smtp.protocol.MailParameters;
import io.postmesh.ingress.smtp.protocol.Reply;
import io.postmesh.ingress.telemetry.IngressMetrics;
import io.postmesh.ingress.telemetry.RefusalReason;
import io.postmesh.model.Recipient;
import io.postmesh.model.SmtpReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Hands API submissions to the pipeline through the same {@link InboundHandoff} as SMTP: one record on
 * {@code mail.inbound} (or {@code mail.bounces.inbound}), the envelope accounted to the API key's tenant, and
 * a reply only once Kafka has the record durably. A failed or timed-out write is a 503 with Retry-After: the
 * client still holds the message, exactly as an SMTP client does after 451.
 */
@ApplicationScoped
public class SubmissionHandoff {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    @Inject
    InboundHandoff handoff;

    @Inject
    IngressConfig ingress;

    @Inject
    ApiConfig config;

    @Inject
    TenantRateLimiter rates;

    @Inject
    IngressMetrics metrics;

    /** A message checked and ready; building it (and copying its bytes) is done before the hand-off window. */
    record Prepared(AcceptedMessage message, String messageId, ApiPrincipal principal) {}

    /** The client of an HTTP request. */
    record Client(InetAddress address, boolean tls) {}

    /**
     * Checks the SIZE limit (413, as SMTP's 552 5.3.4) and adds our Received header (RFC 5321 §4.4: every
     * host that takes responsibility for a message stamps it; loop detection counts these).
     */
    Prepared prepare(Submission s, String queueId, ApiPrincipal principal, Client client) {
        long limit = ingress.maxMessageSize();
        if (s.content().length > limit) {
            metrics.refused(IngressMetrics.HTTP, "size");
            throw new ProblemException(Problem.of(413, null, "message-too-large",
                    "the message is " + s.content().length + " bytes; the limit is " + limit));
        }
        byte[] received = received(client, queueId).getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[received.length + s.content().length];
        System.arraycopy(received, 0, content, 0, received.length);
        System.arraycopy(s.content(), 0, content, received.length, s.content().length);
        AcceptedMessage message = new AcceptedMessage(queueId, s.reversePath(),
                s.recipients().stream().map(Recipient::of).toList(),
                new MailParameters(s.content().length, s.eightBitMime(), s.smtpUtf8(), null, null),
                null, client.address(), client.tls(), content);
        return new Prepared(message, s.messageId(), principal);
    }

    /**
     * Completes with the 202 body once durable; fails with a 503 {@link ProblemException} when Kafka did not
     * acknowledge it, or with the refusal of processing before the hand-off (a mail loop, spam, a virus): a
     * permanent refusal is 422 with the SMTP reply an SMTP client would have had, a temporary one 503.
     */
    CompletionStage<Accepted> handOff(Prepared p) {
        InboundHandoff.InFlight inFlight = handoff.start(p.message(), p.principal().tenant(), p.principal().authUser());
        String queueId = p.message().queueId();
        return inFlight.done().handle((refusal, error) -> {
            // The span and the ACCEPTED event speak SMTP: the reply an SMTP client would have had.
            Reply reply = error != null
                    ? Reply.of(451, "4.3.0", "Requested action aborted: queue unavailable, try again")
                    : refusal != null ? Reply.of(refusal.code(), refusal.enhancedOrDefault(), refusal.text())
                    : Reply.of(250, "2.0.0", "Ok: queued as " + queueId);
            inFlight.finish(reply, error);
            if (error != null) {
                metrics.refused(IngressMetrics.HTTP, "kafka");
                throw unavailable();
            }
            if (refusal != null) {
                String reason = RefusalReason.of(refusal);
                metrics.refused(IngressMetrics.HTTP, reason == null ? "other" : reason);
                throw refused(refusal);
            }
            metrics.accepted(IngressMetrics.HTTP, inFlight.envelope().size());
            return new Accepted(queueId, p.messageId());
        });
    }

    private ProblemException refused(SmtpReply refusal) {
        String detail = "the message was refused: " + refusal;
        if (refusal.transientFailure()) {
            return new ProblemException(Problem.of(503, null, "refused-temporarily", detail),
                    Map.of("Retry-After", Long.toString(config.retryAfter().toSeconds())));
        }
        return new ProblemException(Problem.of(422, null, "refused", detail), Map.of());
    }

    /**
     * Takes {@code count} tokens of the tenant's message rate (the same Redis bucket as its SMTP mail); never
     * fails: without Redis every message may go (fail open, see {@link TenantRateLimiter}).
     */
    CompletionStage<RateDecision> takeRate(String tenant, int count) {
        return rates.acquire(tenant, count);
    }

    /** 429 with Retry-After: the HTTP form of SMTP's 451 4.7.1; the client keeps the message and retries. */
    ProblemException rateLimited(String tenant, RateDecision decision) {
        metrics.refused(IngressMetrics.HTTP, "rate");
        return new ProblemException(Problem.of(429, null, "rate-limit-exceeded",
                "tenant " + tenant + " is over its message rate; try again later"),
                Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
    }

    ProblemException unavailable() {
        return new ProblemException(Problem.of(503, null, "queue-unavailable",
                "the message was not queued (Kafka did not acknowledge it); send it again later"),
                Map.of("Retry-After", Long.toString(config.retryAfter().toSeconds())));
    }

    private String received(Client client, String queueId) {
        String ip = client.address().getHostAddress();
        int zone = ip.indexOf('%');
        if (zone >= 0) {
            ip = ip.substring(0, zone);
        }
        String literal = ip.contains(":") ? "[IPv6:" + ip + "]" : "[" + ip + "]";
        // RFC 5321 §4.4 Extended-Domain: an address literal needs its TCP-info; "with" names the protocol.
        return "Received: from " + literal + " (" + literal + ")\r\n"
                + "\tby " + ingress.hostname() + " (Postmesh) with " + (client.tls() ? "HTTPS" : "HTTP")
                + " id " + queueId + ";\r\n"
                + "\t" + DATE.format(Instant.now().atZone(ZoneId.systemDefault())) + "\r\n";
    }
}
