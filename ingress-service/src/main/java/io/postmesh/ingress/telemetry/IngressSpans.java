package io.postmesh.ingress.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span name and attribute keys of ingress beyond the shared {@code MailSpans}. TLS keys follow the OpenTelemetry
 * semantic conventions ({@code tls.*}); the rest are ours.
 */
public final class IngressSpans {
    /** One per SMTP connection, from accept to close; each message has its own {@code ingress accept} trace. */
    public static final String SMTP_SESSION = "smtp session";

    public static final AttributeKey<String> LISTENER = AttributeKey.stringKey("postmesh.listener");
    public static final AttributeKey<Boolean> TLS_ESTABLISHED = AttributeKey.booleanKey("tls.established");
    /** E.g. {@code 1.3} (semconv: the version without the protocol name). */
    public static final AttributeKey<String> TLS_PROTOCOL_VERSION = AttributeKey.stringKey("tls.protocol.version");
    public static final AttributeKey<String> TLS_CIPHER = AttributeKey.stringKey("tls.cipher");
    /** The SMTP AUTH user (RFC 4954) or the API key's user. */
    public static final AttributeKey<String> AUTH_USER = AttributeKey.stringKey("postmesh.auth_user");
    public static final AttributeKey<Long> MESSAGES_ACCEPTED = AttributeKey.longKey("postmesh.messages_accepted");
    public static final AttributeKey<Long> MESSAGES_REFUSED = AttributeKey.longKey("postmesh.messages_refused");
    /** Octets the client sent over the session (after TLS decryption). */
    public static final AttributeKey<Long> BYTES_RECEIVED = AttributeKey.longKey("postmesh.bytes_received");

    private IngressSpans() {}

    /** {@code TLSv1.3} → {@code 1.3}. */
    public static String tlsVersion(String protocol) {
        return protocol != null && protocol.startsWith("TLSv") ? protocol.substring(4) : protocol;
    }
}
