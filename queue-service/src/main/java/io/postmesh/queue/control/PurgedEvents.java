package io.postmesh.queue.control;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What dropping a purged job writes: one PURGED event per recipient on {@code mail.events}, and nothing
 * else: like {@code postsuper -d}, a purge is silent (no DSN to the sender).
 */
public final class PurgedEvents {
    static final String REASON = "purged by operator";

    private PurgedEvents() {}

    /** Whether the job's message was first seen before the purge that covers it. */
    public static boolean purged(Envelope job, long purgedAt) {
        return purgedAt > 0 && job.firstSeen() != null && job.firstSeen().toEpochMilli() < purgedAt;
    }

    public static List<ProducerRecord<byte[], byte[]>> records(Envelope job, String traceId, Instant at) {
        byte[] key = job.queueId().getBytes(StandardCharsets.UTF_8);
        return job.recipients().stream().map(Recipient::address)
                .map(address -> new RecipientOutcome(address, RecipientOutcome.Result.PERMANENT_FAILURE, null,
                        REASON, null, at))
                .map(outcome -> new ProducerRecord<>(Topics.EVENTS, key,
                        Json.write(MailEvent.ofOutcome(MailEvent.EventType.PURGED, job, outcome, traceId))))
                .toList();
    }
}
