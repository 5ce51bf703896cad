package io.postmesh.queue.retry;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The records the retry logic writes (docs/architecture.md, "Topics and record format"). Pure: publishing is the
 * caller's business; trace headers are added by the publisher.
 */
public final class RetryRecords {
    /** RFC 3463 §3.5: "Delivery time expired". */
    public static final String EXPIRED_STATUS = "4.4.7";

    private RetryRecords() {}

    /** The deferred record moved to its retry tier: same key, body and headers, plus {@code pm-due-at}. */
    public static ProducerRecord<byte[], byte[]> tierRecord(ConsumerRecord<byte[], byte[]> deferred, String tier,
                                                            Instant dueAt) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(tier, deferred.key(), deferred.value());
        copyHeaders(deferred, out);
        out.headers().add(MailHeaders.DUE_AT, Long.toString(dueAt.toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    /**
     * A tier record written again at the end of its tier, unchanged: same key, body, headers and timestamp (the
     * timestamp is the deferral time that "retry now" is compared with).
     */
    public static ProducerRecord<byte[], byte[]> reappended(ConsumerRecord<byte[], byte[]> record) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(record.topic(), null,
                record.timestamp() >= 0 ? record.timestamp() : null, record.key(), record.value());
        for (Header h : record.headers()) {
            if (!isTrace(h.key())) {
                out.headers().add(h.key(), h.value());
            }
        }
        return out;
    }

    /** Per recipient of the job: its outcome from the last attempt, or a generic one if the header lacked it. */
    public static List<RecipientOutcome> lastOutcomes(Envelope job, List<RecipientOutcome> outcomes, Instant now) {
        List<RecipientOutcome> out = new ArrayList<>();
        for (Recipient r : job.recipients()) {
            out.add(outcomes.stream().filter(o -> r.address().equalsIgnoreCase(o.recipient())).findFirst()
                    .orElse(new RecipientOutcome(r.address(), Result.TEMPORARY_FAILURE, "4.0.0",
                            "deferred (no reply recorded)", null, now)));
        }
        return out;
    }

    /** The job failed as too old: its 4.4.7 outcomes, each keeping the last remote reply in the diagnostic. */
    public static List<RecipientOutcome> expiredOutcomes(Envelope job, List<RecipientOutcome> last, Instant now) {
        Duration age = Duration.between(job.firstSeen() == null ? now : job.firstSeen(), now);
        return last.stream().map(o -> new RecipientOutcome(o.recipient(), Result.PERMANENT_FAILURE, EXPIRED_STATUS,
                "delivery time expired after " + human(age) + " and " + job.attempt() + " attempts; last reply: "
                        + o.diagnostic(), o.remoteMta(), now)).toList();
    }

    /** A record for the bounce service on {@code mail.failed}, optionally marked as a delay notice. */
    public static ProducerRecord<byte[], byte[]> failedRecord(Envelope job, byte[] body,
                                                              List<RecipientOutcome> outcomes, boolean delayNotice) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(Topics.FAILED, utf8(job.queueId()), body);
        out.headers().add(MailHeaders.ENVELOPE, Json.write(job));
        out.headers().add(MailHeaders.OUTCOMES, Json.write(outcomes));
        if (delayNotice) {
            out.headers().add(MailHeaders.NOTICE, utf8(MailHeaders.NOTICE_DELAYED));
        }
        return out;
    }

    /** One event per outcome on {@code mail.events}. */
    public static List<ProducerRecord<byte[], byte[]>> events(EventType type, Envelope job,
                                                             List<RecipientOutcome> outcomes, String traceId) {
        return outcomes.stream().map(o -> new ProducerRecord<>(Topics.EVENTS, utf8(job.queueId()),
                Json.write(MailEvent.ofOutcome(type, job, o, traceId)))).toList();
    }

    private static void copyHeaders(ConsumerRecord<byte[], byte[]> from, ProducerRecord<byte[], byte[]> to) {
        for (Header h : from.headers()) {
            if (!isTrace(h.key()) && !MailHeaders.DUE_AT.equals(h.key())) {
                to.headers().add(h.key(), h.value());
            }
        }
    }

    // The publisher writes the trace context of the current span; the old one must not linger beside it.
    private static boolean isTrace(String key) {
        return MailHeaders.TRACEPARENT.equals(key) || MailHeaders.TRACESTATE.equals(key);
    }

    private static String human(Duration age) {
        return age.toDays() >= 1 ? age.toDays() + "d" : age.toHours() >= 1 ? age.toHours() + "h"
                : age.toMinutes() >= 1 ? age.toMinutes() + "m" : age.toSeconds() + "s";
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
