package io.postmesh.bounce.arf;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.bounce.suppression.Awaits;
import io.postmesh.bounce.suppression.SuppressionStore;
import io.postmesh.bounce.suppression.SuppressionTestProfile;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ARF reports on a real mail.bounces.inbound: complainers land in Redis and COMPLAINED events on mail.events. */
@QuarkusTest
@TestProfile(SuppressionTestProfile.class)
@WithTestResource(PipelineInfra.class)
class FeedbackConsumerTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    SuppressionStore store;

    TopicWriter producer;
    TopicReader events;
    String tenant;

    @BeforeEach
    void open() {
        producer = TopicWriter.open(bootstrap);
        events = TopicReader.open(bootstrap, Topics.EVENTS);
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void close() {
        producer.close();
        events.close();
    }

    @Test
    void abuseReportSuppressesTheComplainerAndWritesASuppressedEvent() throws Exception {
        String complainer = "Grace-" + tenant + "@example.test";
        String lower = complainer.toLowerCase();
        String queueId = send(ArfSamples.yahoo(complainer), tenant);

        Awaits.until(lower + " suppressed", () -> store.get(tenant, lower).isPresent());
        assertThat(store.get(tenant, lower).orElseThrow().reason())
                .isEqualTo("complaint (abuse) from arf.mail.yahoo.test");
        assertThat(store.get(tenant, lower).orElseThrow().expiresAt()).isNull();

        MailEvent event = awaitSuppressedEvent(lower);
        assertThat(event.tenant()).isEqualTo(tenant);
        assertThat(event.queueId()).isEqualTo(queueId);
        assertThat(event.reply()).isEqualTo("complaint: abuse");
        assertThat(event.status()).isEqualTo("5.7.1");
        assertThat(event.messageId()).isEqualTo("<m-q123@sender.postmesh.test>");
        assertThat(event.destination()).isEqualTo("example.test");
        assertThat(event.traceId()).hasSize(32);
    }

    @Test
    void reportWithoutEnvelopeCountsForTheDefaultTenantAndFallsBackToTheOriginalTo() throws Exception {
        String to = "heidi-" + tenant + "@outlook.test";
        send(ArfSamples.outlook(to, "abuse"), null);

        Awaits.until(to + " suppressed", () -> store.get(Envelope.DEFAULT_TENANT, to).isPresent());
        assertThat(store.get(Envelope.DEFAULT_TENANT, to).orElseThrow().reason())
                .isEqualTo("complaint (abuse) from hotmail.com");
        store.remove(Envelope.DEFAULT_TENANT, to);
    }

    @Test
    void nonComplaintsAndNonReportsAreAcknowledgedWithoutSuppressing() throws Exception {
        String notSpam = "ivan-" + tenant + "@outlook.test";
        send(ArfSamples.dsn(), tenant);
        send("From: a@b.test\r\n\r\nhello\r\n", tenant);
        send(ArfSamples.outlook(notSpam, "not-spam"), tenant);
        // Same partition, in order: once this one is handled, the three before it were too.
        String sentinel = "judy-" + tenant + "@example.test";
        send(ArfSamples.yahoo(sentinel), tenant);

        Awaits.until("sentinel suppressed", () -> store.get(tenant, sentinel).isPresent());
        assertThat(store.get(tenant, notSpam)).isEmpty();
        assertThat(store.list(tenant, "0", 100).items()).hasSize(1);
    }

    /** Sends a report to partition 0 with an envelope for {@code tenant} (none when null); returns its queue id. */
    String send(String report, String tenant) throws Exception {
        String queueId = QueueIds.next();
        byte[] body = report.getBytes(StandardCharsets.US_ASCII);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.BOUNCES_INBOUND, 0,
                queueId.getBytes(StandardCharsets.US_ASCII), body);
        if (tenant != null) {
            Envelope envelope = Envelope.builder().queueId(queueId).reversePath("feedback@arf.mail.yahoo.test")
                    .recipients(List.of(Recipient.of("fbl@bounces.postmesh.test"))).tenant(tenant)
                    .size(body.length).build();
            record.headers().add(MailHeaders.ENVELOPE, Json.write(envelope));
        }
        producer.send(record);
        return queueId;
    }

    MailEvent awaitSuppressedEvent(String recipient) {
        return events.await(records -> records.stream().anyMatch(r -> isSuppressedFor(r, recipient)), Awaits.WAIT)
                .stream().filter(r -> isSuppressedFor(r, recipient)).map(r -> Json.event(r.value()))
                .findFirst().orElseThrow();
    }

    static boolean isSuppressedFor(ConsumerRecord<byte[], byte[]> record, String recipient) {
        try {
            MailEvent e = Json.event(record.value());
            return e.type() == MailEvent.EventType.COMPLAINED && recipient.equals(e.recipient());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
