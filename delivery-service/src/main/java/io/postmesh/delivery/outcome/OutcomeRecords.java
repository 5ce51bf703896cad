package io.postmesh.delivery.outcome;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records one attempt writes (docs/architecture.md, "Topics and record format"):
 * <ul>
 *   <li>per recipient, a {@link MailEvent} on {@link Topics#EVENTS} (DELIVERED, DEFERRED or BOUNCED), key queue id;</li>
 *   <li>for the temporarily failed recipients, one record on {@link Topics#DEFERRED} (key destination) for the
 *       queue service to reschedule;</li>
 *   <li>for the permanently failed recipients, one record on {@link Topics#FAILED} (key queue id) for the bounce
 *       service.</li>
 * </ul>
 * The body records carry the message bytes unchanged, the job narrowed to their recipients with the attempt
 * counted, and the outcomes. Pure: publishing is the caller's business.
 */
public final class OutcomeRecords {
    private OutcomeRecords() {}

    /**
     * @param job      the job as consumed (attempt = attempts before this one)
     * @param body     the message bytes
     * @param outcomes outcomes of this attempt, one per recipient
     * @param traceId  trace id for the events
     */
    public static List<ProducerRecord<byte[], byte[]>> build(Envelope job, byte[] body,
                                                            List<RecipientOutcome> outcomes, String traceId) {
        Envelope counted = job.withAttempt(job.attempt() + 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<RecipientOutcome> temporary = ofResult(outcomes, Result.TEMPORARY_FAILURE);
        List<RecipientOutcome> permanent = ofResult(outcomes, Result.PERMANENT_FAILURE);
        if (!temporary.isEmpty()) {
            records.add(bodyRecord(Topics.DEFERRED, counted.destination(), counted, body, temporary));
        }
        if (!permanent.isEmpty()) {
            records.add(bodyRecord(Topics.FAILED, counted.queueId(), counted, body, permanent));
        }
        for (RecipientOutcome outcome : outcomes) {
            EventType type = switch (outcome.result()) {
                case SUCCESS -> EventType.DELIVERED;
                case TEMPORARY_FAILURE -> EventType.DEFERRED;
                case PERMANENT_FAILURE -> EventType.BOUNCED;
            };
            records.add(new ProducerRecord<>(Topics.EVENTS, utf8(counted.queueId()),
                    Json.write(MailEvent.ofOutcome(type, counted, outcome, traceId))));
        }
        return records;
    }

    private static List<RecipientOutcome> ofResult(List<RecipientOutcome> outcomes, Result result) {
        return outcomes.stream().filter(o -> o.result() == result).toList();
    }

    private static ProducerRecord<byte[], byte[]> bodyRecord(String topic, String key, Envelope job, byte[] body,
                                                             List<RecipientOutcome> outcomes) {
        Map<String, Recipient> byAddress = job.recipients().stream()
                .collect(Collectors.toMap(Recipient::address, Function.identity(), (a, b) -> a));
        List<Recipient> recipients = outcomes.stream()
                .map(o -> byAddress.getOrDefault(o.recipient(), Recipient.of(o.recipient())))
                .toList();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, utf8(key), body);
        record.headers().add(MailHeaders.ENVELOPE, Json.write(job.withRecipients(recipients)));
        record.headers().add(MailHeaders.OUTCOMES, Json.write(outcomes));
        return record;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
