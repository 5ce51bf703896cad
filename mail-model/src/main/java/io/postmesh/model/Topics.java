package io.postmesh.model;

import java.util.List;
import java.util.Map;

/**
 * Names and shapes of the pipeline's Kafka topics. The only copy: services, the test kit, the local
 * launcher and the Kubernetes manifests all take topic names from here.
 *
 * <p>Records that carry a message body ({@link #INBOUND}, {@link #DELIVERY}, {@link #DEFERRED},
 * {@link #FAILED}, {@link #BOUNCES_INBOUND}) have the raw RFC 5322 bytes as their value and the
 * envelope as the {@link MailHeaders#ENVELOPE} header; {@link #EVENTS} carries small JSON
 * {@link MailEvent}s.
 */
public final class Topics {
    /** Accepted mail from ingress (and DSNs from bounce); key: queue id. */
    public static final String INBOUND = "mail.inbound";
    /** One delivery job per destination domain, bulk lane (the default); key: destination (see the queue service). */
    public static final String DELIVERY = "mail.delivery";
    /** Delivery jobs of the transactional lane: consumed apart so they never wait behind a bulk backlog. */
    public static final String DELIVERY_TRANSACTIONAL = "mail.delivery.transactional";
    /** Jobs held because their destination or tenant is suspended; released on resume. */
    public static final String HOLD = "mail.hold";
    /**
     * Retry tiers: deferred jobs wait here until the time in their {@link MailHeaders#DUE_AT} header. A tier
     * holds jobs whose delay is at most its name; its consumer pauses until the head record is due.
     */
    public static final List<String> RETRY_TIERS = List.of("mail.retry.1m", "mail.retry.10m", "mail.retry.1h",
            "mail.retry.6h");
    /** Jobs whose recipients got a temporary failure; the queue service reschedules them. */
    public static final String DEFERRED = "mail.deferred";
    /** Jobs whose recipients failed permanently (or expired); the bounce service writes DSNs. */
    public static final String FAILED = "mail.failed";
    /** Per-recipient outcome events (accepted, delivered, deferred, bounced, ...); key: queue id. */
    public static final String EVENTS = "mail.events";
    /** DSNs and feedback reports received by ingress for the bounce domain. */
    public static final String BOUNCES_INBOUND = "mail.bounces.inbound";

    /** Webhook events that were not accepted within the retry budget (bounce service), for replay. */
    public static final String WEBHOOKS_DLQ = "mail.webhooks.dlq";

    /** Largest message the pipeline carries (SIZE limit, 25 MiB) plus room for headers and batch overhead. */
    public static final int MAX_RECORD_BYTES = 26 * 1024 * 1024 + 64 * 1024;

    /** How a topic is created: by the test kit, the local launcher, and the Strimzi KafkaTopic resources. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {}

    private static final Map<String, String> BODY_TOPIC = Map.of(
            "max.message.bytes", Integer.toString(MAX_RECORD_BYTES),
            "retention.ms", Long.toString(7L * 24 * 3600 * 1000));
    private static final Map<String, String> EVENT_TOPIC = Map.of(
            "retention.ms", Long.toString(7L * 24 * 3600 * 1000));

    /** Every topic the pipeline uses, with the partition count used by default. */
    public static final List<TopicSpec> ALL = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(
                    new TopicSpec(INBOUND, 6, BODY_TOPIC),
                    new TopicSpec(DELIVERY, 12, BODY_TOPIC),
                    new TopicSpec(DELIVERY_TRANSACTIONAL, 6, BODY_TOPIC),
                    new TopicSpec(HOLD, 3, BODY_TOPIC),
                    new TopicSpec(DEFERRED, 6, BODY_TOPIC),
                    new TopicSpec(FAILED, 3, BODY_TOPIC),
                    new TopicSpec(EVENTS, 6, EVENT_TOPIC),
                    new TopicSpec(BOUNCES_INBOUND, 3, BODY_TOPIC),
                    new TopicSpec(WEBHOOKS_DLQ, 3, Map.of("retention.ms", Long.toString(30L * 24 * 3600 * 1000)))),
            RETRY_TIERS.stream().map(tier -> new TopicSpec(tier, 6, BODY_TOPIC))).toList();

    private Topics() {}
}
