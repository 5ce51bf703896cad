package io.postmesh.ingress.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.postmesh.kafka.MailSpans;
import io.postmesh.ingress.smtp.protocol.Reply;

/**
 * What one SMTP connection reports: the {@code smtp session} span (client, TLS, AUTH user, messages accepted
 * and refused, bytes, the last reply) and the session and message metrics. Called on the connection's event
 * loop only; the span is ended exactly once, at close.
 */
public final class SessionObserver {
    private final IngressMetrics metrics;
    private final String listener;
    private final Span span;
    private long accepted;
    private long refused;
    private Reply lastReply;
    private boolean closed;

    SessionObserver(Tracer tracer, IngressMetrics metrics, String listener, String clientAddress) {
        this.metrics = metrics;
        this.listener = listener;
        // A root of its own: each message's trace starts at its own `ingress accept` span, which the session
        // lists as an event (queue id and reply), so one can go from the session to the messages.
        this.span = tracer.spanBuilder(IngressSpans.SMTP_SESSION)
                .setSpanKind(SpanKind.SERVER)
                .setNoParent()
                .setAttribute(IngressSpans.LISTENER, listener)
                .setAttribute(MailSpans.CLIENT_ADDRESS, clientAddress)
                .startSpan();
        metrics.sessionOpened(listener);
    }

    public void tls(String protocol, String cipher) {
        span.setAttribute(IngressSpans.TLS_ESTABLISHED, true);
        span.setAttribute(IngressSpans.TLS_PROTOCOL_VERSION, IngressSpans.tlsVersion(protocol));
        span.setAttribute(IngressSpans.TLS_CIPHER, cipher);
    }

    public void authenticated(String user) {
        if (user != null) {
            span.setAttribute(IngressSpans.AUTH_USER, user);
        }
    }

    /** Every reply written: refusals of mail are counted with their reason. */
    public void replied(Reply reply) {
        lastReply = reply;
        String reason = RefusalReason.of(reply.code(), reply.enhanced());
        if (reason != null) {
            refused++;
            metrics.refused(listener, reason);
        }
    }

    /** A message was handed off durably: its 250 went out (and went through {@link #replied}). */
    public void accepted(String queueId, long bytes) {
        accepted++;
        metrics.accepted(listener, bytes);
        span.addEvent("message accepted", Attributes.of(MailSpans.QUEUE_ID, queueId));
    }

    public void closed(long bytesReceived) {
        if (closed) {
            return;
        }
        closed = true;
        metrics.sessionClosed();
        span.setAttribute(IngressSpans.MESSAGES_ACCEPTED, accepted);
        span.setAttribute(IngressSpans.MESSAGES_REFUSED, refused);
        span.setAttribute(IngressSpans.BYTES_RECEIVED, bytesReceived);
        if (lastReply != null) {
            span.setAttribute(MailSpans.SMTP_REPLY, lastReply.toString());
            if (lastReply.code() >= 500 || lastReply.code() == 421) {
                span.setStatus(StatusCode.ERROR, lastReply.toString());
            }
        }
        span.end();
    }
}
