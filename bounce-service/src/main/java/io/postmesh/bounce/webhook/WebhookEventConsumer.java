package io.postmesh.bounce.webhook;

import io.opentelemetry.context.Context;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.TraceHeaders;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code mail.events} (channel {@code webhooks}, group {@code bounce-service-webhooks}) and POSTs each event
 * of a tenant with a webhook as a signed CloudEvent ({@link MailCloudEvents}, {@link WebhookSigner}), retrying
 * with back-off ({@link WebhookDelivery}); an event still refused after {@code max-attempts} goes to
 * {@link DeadLetters#TOPIC}. At-least-once: the offset is committed (post-processing acknowledgement) only after
 * a 2xx or after the dead letter is durable; a failed dead-letter publish fails the channel and the event is
 * read again after the restart.
 *
 * <p>Blocking and ordered on its own worker pool ({@code webhook-delivery}, one thread): the waits between
 * attempts hold back only this channel, never the other consumers of the service nor its HTTP endpoints. They
 * do hold back every tenant's webhooks behind a failing one, for at most the retry budget of each event.
 *
 * <p>Batch mode ({@code mp.messaging.incoming.webhooks.batch=true}): one invocation (and one worker hop) per poll
 * batch, handled record by record in poll order, so in order within each partition; the batch's offsets are
 * committed when the method returns, after every event in it was delivered or durably dead-lettered. A service
 * without any webhook (the common case) skips each batch without reading its events. A failure that stops the
 * channel (dead letter not durable, shutdown) makes the whole batch be read again, so an event delivered before
 * it in the same batch may be POSTed twice; receivers deduplicate on {@code source} + {@code id}.
 */
@ApplicationScoped
public class WebhookEventConsumer {
    private static final Logger LOG = Logger.getLogger(WebhookEventConsumer.class);

    private final WebhookConfig config;
    private final DeadLetters deadLetters;
    private final DurablePublisher publisher;
    private final WebhookDelivery delivery;

    public WebhookEventConsumer(WebhookConfig config, DeadLetters deadLetters, DurablePublisher publisher) {
        this.config = config;
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.delivery = new WebhookDelivery(new HttpWebhookSender(config.timeout()), RetrySchedule.of(config),
                Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
    }

    @Incoming("webhooks")
    @Blocking("webhook-delivery")
    public void onEvents(ConsumerRecords<byte[], byte[]> records) {
        if (config.tenants().isEmpty()) {
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            onEvent(record);
        }
    }

    void onEvent(ConsumerRecord<byte[], byte[]> record) {
        MailEvent event;
        try {
            event = Json.event(record.value());
        } catch (IllegalArgumentException e) {
            // Retrying cannot repair it; the suppression consumer logs the same record, so debug is enough here.
            LOG.debugf("unreadable event %s-%d@%d skipped", record.topic(), record.partition(), record.offset());
            return;
        }
        String tenant = event.tenant() == null || event.tenant().isBlank() ? Envelope.DEFAULT_TENANT : event.tenant();
        WebhookConfig.Tenant webhook = config.tenants().get(tenant);
        // A null type is newer than this service: it cannot be named in the CloudEvent type, so it is not sent.
        if (webhook == null || event.type() == null
                || webhook.types().map(types -> !types.contains(event.type())).orElse(false)) {
            return;
        }
        byte[] body = MailCloudEvents.toCloudEvent(tenant, event, record.value());
        WebhookDelivery.Outcome outcome;
        try {
            outcome = delivery.deliver(webhook.url(), webhook.secret(), body);
        } catch (InterruptedException e) {
            // Shutting down: not acknowledged, so the event is sent again after the restart.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("webhook delivery of " + event.queueId() + " interrupted", e);
        }
        if (outcome.delivered()) {
            LOG.debugf("webhook of %s: %s %s delivered after %d attempt(s)", tenant, event.type(), event.queueId(),
                    outcome.attempts());
            return;
        }
        LOG.warnf("webhook of %s refused %s %s %d times (last: %s); dead-lettered to %s", tenant, event.type(),
                event.queueId(), outcome.attempts(), outcome.lastError(), DeadLetters.TOPIC);
        deadLetters.ensureTopic();
        Context trace = TraceHeaders.extract(record.headers());
        // Durable before acknowledged: join() throws if the publish fails, which fails the channel.
        publisher.publish(DeadLetters.record(event.queueId(), tenant, body, outcome.attempts(), outcome.lastError(),
                Clock.systemUTC().instant()), trace).join();
    }
}
