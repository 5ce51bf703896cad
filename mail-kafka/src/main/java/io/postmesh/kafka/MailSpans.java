package io.postmesh.kafka;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span names and attribute keys shared by the services, so that one message's trace reads the same in
 * every hop: {@code ingress accept} → {@code queue schedule} → {@code delivery attempt} → {@code bounce dsn}.
 */
public final class MailSpans {
    public static final String INGRESS_ACCEPT = "ingress accept";
    public static final String QUEUE_SCHEDULE = "queue schedule";
    public static final String DELIVERY_ATTEMPT = "delivery attempt";
    public static final String BOUNCE_DSN = "bounce dsn";

    public static final AttributeKey<String> QUEUE_ID = AttributeKey.stringKey("postmesh.queue_id");
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("postmesh.message_id");
    public static final AttributeKey<String> TENANT = AttributeKey.stringKey("postmesh.tenant");
    public static final AttributeKey<String> RECIPIENT_DOMAIN = AttributeKey.stringKey("postmesh.recipient_domain");
    public static final AttributeKey<Long> RECIPIENT_COUNT = AttributeKey.longKey("postmesh.recipient_count");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("postmesh.attempt");
    public static final AttributeKey<String> MX_HOST = AttributeKey.stringKey("postmesh.mx_host");
    public static final AttributeKey<String> SMTP_REPLY = AttributeKey.stringKey("smtp.reply");
    public static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    /** On {@code bounce dsn} spans: the queue id of the DSN the bounce service wrote. */
    public static final AttributeKey<String> DSN_QUEUE_ID = AttributeKey.stringKey("postmesh.dsn_queue_id");
    public static final AttributeKey<Long> MESSAGE_SIZE = AttributeKey.longKey("postmesh.message_size");

    private MailSpans() {}
}
