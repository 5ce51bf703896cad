package io.postmesh.delivery.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutcomeRecordsTest {
    private static final byte[] BODY = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
    private static final Recipient CAROL = new Recipient("carol@d.test", Set.of(Recipient.Notify.FAILURE),
            "rfc822;carol@d.test");
    private final Envelope job = Envelope.builder().queueId("Q1").messageId("<m1@src.test>")
            .reversePath("alice@src.test").destination("d.test").attempt(2)
            .recipients(List.of(Recipient.of("a@d.test"), Recipient.of("b@d.test"), CAROL)).build();

    @Test
    void eachResultGoesWhereItBelongs() {
        List<RecipientOutcome> outcomes = List.of(
                outcome("a@d.test", Result.SUCCESS, "2.0.0", "250 2.0.0 ok"),
                outcome("b@d.test", Result.TEMPORARY_FAILURE, "4.7.1", "451 4.7.1 later"),
                outcome("carol@d.test", Result.PERMANENT_FAILURE, "5.1.1", "550 5.1.1 no such user"));

        List<ProducerRecord<byte[], byte[]>> records = OutcomeRecords.build(job, BODY, outcomes, "trace1");

        assertThat(records).extracting(ProducerRecord::topic)
                .containsExactly(Topics.DEFERRED, Topics.FAILED, Topics.EVENTS, Topics.EVENTS, Topics.EVENTS);

        ProducerRecord<byte[], byte[]> deferred = records.get(0);
        assertThat(new String(deferred.key(), StandardCharsets.UTF_8)).isEqualTo("d.test");
        assertThat(deferred.value()).isEqualTo(BODY);
        Envelope deferredJob = Json.envelope(deferred.headers().lastHeader(MailHeaders.ENVELOPE).value());
        assertThat(deferredJob.recipients()).containsExactly(Recipient.of("b@d.test"));
        assertThat(deferredJob.attempt()).isEqualTo(3);
        assertThat(Json.outcomes(deferred.headers().lastHeader(MailHeaders.OUTCOMES).value()))
                .extracting(RecipientOutcome::status).containsExactly("4.7.1");

        ProducerRecord<byte[], byte[]> failed = records.get(1);
        assertThat(new String(failed.key(), StandardCharsets.UTF_8)).isEqualTo("Q1");
        Envelope failedJob = Json.envelope(failed.headers().lastHeader(MailHeaders.ENVELOPE).value());
        assertThat(failedJob.recipients()).containsExactly(CAROL);
        assertThat(Json.outcomes(failed.headers().lastHeader(MailHeaders.OUTCOMES).value()))
                .extracting(RecipientOutcome::diagnostic).containsExactly("550 5.1.1 no such user");

        List<MailEvent> events = records.subList(2, 5).stream().map(r -> Json.event(r.value())).toList();
        assertThat(events).extracting(MailEvent::type).containsExactly(MailEvent.EventType.DELIVERED,
                MailEvent.EventType.DEFERRED, MailEvent.EventType.BOUNCED);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.queueId()).isEqualTo("Q1");
            assertThat(e.attempt()).isEqualTo(3);
            assertThat(e.traceId()).isEqualTo("trace1");
            assertThat(e.remoteMta()).isEqualTo("mx.d.test");
        });
        assertThat(records.subList(2, 5)).allSatisfy(r ->
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("Q1"));
    }

    @Test
    void allDeliveredWritesOnlyEvents() {
        List<ProducerRecord<byte[], byte[]>> records = OutcomeRecords.build(job, BODY,
                List.of(outcome("a@d.test", Result.SUCCESS, "2.0.0", "250 ok")), null);
        assertThat(records).extracting(ProducerRecord::topic).containsExactly(Topics.EVENTS);
    }

    private static RecipientOutcome outcome(String rcpt, Result result, String status, String diagnostic) {
        return new RecipientOutcome(rcpt, result, status, diagnostic, "mx.d.test", Instant.EPOCH);
    }
}
