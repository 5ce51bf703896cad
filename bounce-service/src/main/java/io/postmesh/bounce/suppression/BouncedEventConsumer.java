package io.postmesh.bounce.suppression;

import io.postmesh.bounce.classify.Classification;
import io.postmesh.bounce.classify.HardSoft;
import io.postmesh.bounce.classify.ReplyClassifier;
import io.postmesh.kafka.UntilDone;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code mail.events} (channel {@code events}, group {@code bounce-service-suppression}) and turns
 * synchronous bounces into suppressions: for each BOUNCED event the delivery service wrote on a 5xx reply,
 * {@link ReplyClassifier} says hard or soft and {@link SuppressionPolicy} decides. Writes only to Redis
 * ({@code pm:suppression:<tenant>}, {@code pm:softbounce:*}).
 *
 * <p>Batch mode ({@code mp.messaging.incoming.events.batch=true}): almost every event is DELIVERED or ACCEPTED
 * and needs nothing, so a whole poll batch takes one worker hop, and {@link EventTypeProbe} lets those events
 * pass without a full JSON parse. The batch is handled record by record in poll order (so in order within each
 * partition); its offsets are committed only after the method returns (post-processing acknowledgement), that
 * is after every suppression of the batch is written. A Redis failure is retried in place on the record it hit;
 * an interrupt (shutdown) nacks the batch, which is read again from the last commit (the writes are
 * replay-tolerant).
 */
@ApplicationScoped
public class BouncedEventConsumer {
    private static final Logger LOG = Logger.getLogger(BouncedEventConsumer.class);

    private final SuppressionPolicy policy;
    private final SoftBounceCounter softBounces;
    private final Suppressor suppressor;

    public BouncedEventConsumer(SuppressionPolicy policy, SoftBounceCounter softBounces, Suppressor suppressor) {
        this.policy = policy;
        this.softBounces = softBounces;
        this.suppressor = suppressor;
    }

    /** Blocking: the Redis calls use the blocking client, so this runs on a worker thread, one batch at a time. */
    @Incoming("events")
    @Blocking
    public void onEvents(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            onEvent(record);
        }
    }

    void onEvent(ConsumerRecord<byte[], byte[]> record) {
        if (EventTypeProbe.certainlyNotBounced(record.value())) {
            return;
        }
        MailEvent event;
        try {
            event = Json.event(record.value());
        } catch (IllegalArgumentException e) {
            // Retrying cannot repair it, and stopping would stall suppression for everyone behind it.
            LOG.warnf("unreadable event %s-%d@%d skipped: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        // A null type is an event type newer than this service (Json maps unknown enum values to null).
        if (event.type() != MailEvent.EventType.BOUNCED) {
            return;
        }
        Optional<String> address = MailboxNames.normalize(event.recipient());
        if (address.isEmpty()) {
            LOG.debugf("BOUNCED event of %s without a usable recipient (%s)", event.queueId(), event.recipient());
            return;
        }
        // Redis away for a while: retried in place (in order) instead of stopping suppression for good.
        UntilDone.retryBlocking("suppression for " + record.topic() + "-" + record.partition() + "@"
                + record.offset(), () -> onBounce(event, address.get()));
    }

    void onBounce(MailEvent event, String address) {
        Classification c = ReplyClassifier.classify(replyCode(event.reply()), event.status(), event.reply());
        apply(event, address, c.hardSoft());
    }

    /**
     * Applies the hard/soft rules to one bounced address of {@code event}. Synchronous bounces (from delivery) and
     * asynchronous ones (attributed through VERP by the bounce service) both arrive here as BOUNCED events.
     */
    private void apply(MailEvent event, String address, HardSoft hardSoft) {
        String tenant = event.tenant() == null ? Envelope.DEFAULT_TENANT : event.tenant();
        if (hardSoft == HardSoft.HARD) {
            suppressor.apply(tenant, address, policy.hardBounce(event.reply()));
            return;
        }
        // One member per (queue id, attempt, recipient): a redelivered event does not count twice.
        String bounceId = event.queueId() + ":" + event.attempt() + ":" + address;
        long count = softBounces.record(tenant, address, bounceId, policy.softWindow());
        if (suppressor.apply(tenant, address, policy.softBounce(count, event.reply()))) {
            softBounces.reset(tenant, address);
        }
    }

    /**
     * The basic reply code (RFC 5321 §4.2) from the reply's first three digits, or 0 when there is none (the
     * classifier then goes by the enhanced status alone).
     */
    static int replyCode(String reply) {
        if (reply != null && reply.length() >= 3 && reply.substring(0, 3).chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(reply.substring(0, 3));
        }
        return 0;
    }
}
