package io.postmesh.bounce.verp;

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
import io.postmesh.model.Verp;
import io.postmesh.model.VerpEntry;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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

/**
 * DSNs on a real {@code mail.bounces.inbound} addressed to VERP reverse paths: the job written to Redis as
 * delivery writes it is found, a BOUNCED event for the original queue id and tenant is written and the
 * recipient suppressed; forged addresses and delay warnings change nothing.
 */
@QuarkusTest
@TestProfile(SuppressionTestProfile.class)
@WithTestResource(PipelineInfra.class)
class AsyncBounceTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    SuppressionStore store;

    @Inject
    RedisDataSource redis;

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
    void aDsnToAVerpAddressBouncesTheOriginalMessageAndSuppresses() throws Exception {
        String recipient = "kim-" + tenant + "@example.test";
        String queueId = QueueIds.next();
        String verp = job(queueId, recipient);

        send(verp, Dsns.report("failed:" + recipient + ":5.1.1"));

        MailEvent event = awaitBounced(queueId);
        assertThat(event.tenant()).isEqualTo(tenant);
        assertThat(event.recipient()).isEqualTo(recipient);
        assertThat(event.status()).isEqualTo("5.1.1");
        assertThat(event.reply()).isEqualTo("550 5.1.1 user unknown");
        assertThat(event.attempt()).isEqualTo(1);
        assertThat(event.messageId()).isEqualTo("<" + queueId + "@src.test>");
        Awaits.until(recipient + " suppressed", () -> store.get(tenant, recipient).isPresent());
        assertThat(store.get(tenant, recipient).orElseThrow().reason()).startsWith("hard bounce: 550 5.1.1");
    }

    @Test
    void forgedAddressesUnknownTokensAndDelayWarningsChangeNothing() throws Exception {
        String forged = "lee-" + tenant + "@example.test";
        String forgedQueueId = QueueIds.next();
        String verp = job(forgedQueueId, forged);
        String mac = verp.substring(verp.lastIndexOf('-') + 1, verp.indexOf('@'));
        String tampered = verp.replace("-" + mac + "@", "-" + (mac.startsWith("a") ? "b" : "a") + mac.substring(1) + "@");
        send(tampered, Dsns.report("failed:" + forged + ":5.1.1"));
        send(Verp.encode("not-our-secret", SuppressionTestProfile.VERP_DOMAIN, Verp.newToken(RANDOM)),
                Dsns.report("failed:" + forged + ":5.1.1"));
        send(Verp.encode(SuppressionTestProfile.VERP_SECRET, SuppressionTestProfile.VERP_DOMAIN,
                Verp.newToken(RANDOM)), Dsns.report("failed:" + forged + ":5.1.1"));

        String delayed = "max-" + tenant + "@example.test";
        String delayedQueueId = QueueIds.next();
        send(job(delayedQueueId, delayed), Dsns.report("delayed:" + delayed + ":4.4.1"));

        // Same partition, in order: once the sentinel is handled, everything before it was too.
        String sentinel = "ned-" + tenant + "@example.test";
        String sentinelQueueId = QueueIds.next();
        send(job(sentinelQueueId, sentinel), Dsns.report("failed:" + sentinel + ":5.1.1"));
        awaitBounced(sentinelQueueId);
        Awaits.until("sentinel suppressed", () -> store.get(tenant, sentinel).isPresent());

        assertThat(store.get(tenant, forged)).isEmpty();
        assertThat(store.get(tenant, delayed)).isEmpty();
        assertThat(events.records()).noneMatch(r -> isBounced(r, forgedQueueId) || isBounced(r, delayedQueueId));
    }

    /** Writes the job data as the delivery service does before sending; returns the job's VERP address. */
    private String job(String queueId, String recipient) {
        String token = Verp.newToken(RANDOM);
        VerpEntry entry = new VerpEntry(VerpEntry.VERSION, queueId, tenant, List.of(recipient), "alice@src.test",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "<" + queueId + "@src.test>", 1, null);
        redis.value(String.class).setex(Verp.key(token), 3600, new String(Json.write(entry), StandardCharsets.UTF_8));
        return Verp.encode(SuppressionTestProfile.VERP_SECRET, SuppressionTestProfile.VERP_DOMAIN, token);
    }

    /** Writes a received bounce as ingress does: envelope recipient = {@code to}, null reverse path, partition 0. */
    private void send(String to, String bounce) throws Exception {
        String queueId = QueueIds.next();
        byte[] body = bounce.getBytes(StandardCharsets.US_ASCII);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.BOUNCES_INBOUND, 0,
                queueId.getBytes(StandardCharsets.US_ASCII), body);
        Envelope envelope = Envelope.builder().queueId(queueId).reversePath("")
                .recipients(List.of(Recipient.of(to))).size(body.length).build();
        record.headers().add(MailHeaders.ENVELOPE, Json.write(envelope));
        producer.send(record);
    }

    private MailEvent awaitBounced(String queueId) {
        return events.await(rs -> rs.stream().anyMatch(r -> isBounced(r, queueId)), Awaits.WAIT).stream()
                .filter(r -> isBounced(r, queueId)).map(r -> Json.event(r.value())).findFirst().orElseThrow();
    }

    private static boolean isBounced(ConsumerRecord<byte[], byte[]> record, String queueId) {
        try {
            MailEvent e = Json.event(record.value());
            return e.type() == MailEvent.EventType.BOUNCED && queueId.equals(e.queueId());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
