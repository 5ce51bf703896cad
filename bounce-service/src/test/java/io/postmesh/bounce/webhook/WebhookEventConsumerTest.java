package io.postmesh.bounce.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postmesh.bounce.suppression.Awaits;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events on a real mail.events reach a real HTTP receiver as signed CloudEvents; refused ones end on a real
 * mail.webhooks.dlq. All events go to partition 0, so once a later event has arrived the earlier ones were handled.
 */
@QuarkusTest
@TestProfile(WebhookTestProfile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(WebhookReceiverResource.class)
class WebhookEventConsumerTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    TopicWriter writer;

    @BeforeEach
    void open() {
        writer = TopicWriter.open(bootstrap);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void flakyReceiverGetsTheEventOnTheThirdAttemptWithTheSameId() {
        MailEvent event = event("wh-flaky", EventType.DELIVERED);
        send(event);

        List<WebhookReceiverResource.Received> requests = awaitRequests(event.queueId(), 3);
        assertThat(requests).hasSize(3).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/flaky");
            assertThat(r.contentType()).startsWith("application/cloudevents+json");
            assertThat(WebhookSigner.verify(WebhookReceiverResource.SECRET, r.signature(), r.body(), Instant.now(),
                    WebhookSigner.DEFAULT_TOLERANCE)).as("signature %s", r.signature()).isTrue();
        });
        assertThat(requests.stream().map(r -> json(r.body()).get("id").asText()).distinct()).hasSize(1);
        JsonNode ce = json(requests.get(0).body());
        assertThat(ce.get("specversion").asText()).isEqualTo("1.0");
        assertThat(ce.get("id").asText()).isEqualTo(MailCloudEvents.id(event));
        assertThat(ce.get("source").asText()).isEqualTo("/postmesh/wh-flaky");
        assertThat(ce.get("type").asText()).isEqualTo("io.postmesh.mail.delivered");
        assertThat(ce.get("subject").asText()).isEqualTo(event.queueId());
        assertThat(ce.get("data").get("recipient").asText()).isEqualTo(event.recipient());
    }

    @Test
    void receiverThatIsDownGetsMaxAttemptsThenTheEventIsDeadLettered() {
        try (TopicReader dlq = TopicReader.open(bootstrap, DeadLetters.TOPIC)) {
            MailEvent event = event("wh-down", EventType.BOUNCED);
            send(event);

            List<ConsumerRecord<byte[], byte[]>> letters = dlq.await(records -> records.stream()
                    .anyMatch(r -> event.queueId().equals(key(r))), WAIT);
            ConsumerRecord<byte[], byte[]> letter = letters.stream().filter(r -> event.queueId().equals(key(r)))
                    .findFirst().orElseThrow();
            JsonNode value = json(letter.value());
            assertThat(value.get("tenant").asText()).isEqualTo("wh-down");
            assertThat(value.get("attempts").asInt()).isEqualTo(3);
            assertThat(value.get("lastError").asText()).isEqualTo("HTTP 503");
            assertThat(value.get("event").get("id").asText()).isEqualTo(MailCloudEvents.id(event));
            assertThat(value.get("event").get("type").asText()).isEqualTo("io.postmesh.mail.bounced");
            assertThat(requestsFor(event.queueId())).hasSize(3);
        }
    }

    @Test
    void tenantWithoutWebhookAndFilteredTypesGetNoRequest() {
        MailEvent none = event("wh-none", EventType.DELIVERED);
        MailEvent filtered = event("wh-typed", EventType.BOUNCED);
        MailEvent wanted = event("wh-typed", EventType.QUOTA_EXCEEDED);
        send(none);
        send(filtered);
        // A type newer than this service is skipped, not a failure of the channel.
        String newer = new String(Json.write(event("wh-ok", EventType.DELIVERED)), StandardCharsets.UTF_8)
                .replace("\"DELIVERED\"", "\"SOMETHING_NEW\"");
        writer.send(new ProducerRecord<>(Topics.EVENTS, 0, null, newer.getBytes(StandardCharsets.UTF_8)));
        send(wanted);
        MailEvent sentinel = event("wh-ok", EventType.DELIVERED);
        send(sentinel);

        awaitRequests(sentinel.queueId(), 1);
        awaitRequests(wanted.queueId(), 1);
        assertThat(requestsFor(none.queueId())).isEmpty();
        assertThat(requestsFor(filtered.queueId())).isEmpty();
        assertThat(WebhookReceiverResource.received()).noneMatch(r -> json(r.body()).get("source").asText()
                .equals("/postmesh/wh-none"));
        assertThat(json(requestsFor(wanted.queueId()).get(0).body()).get("type").asText())
                .isEqualTo("io.postmesh.mail.quota_exceeded");
    }

    static MailEvent event(String tenant, EventType type) {
        String queueId = "WH" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        return new MailEvent(MailEvent.VERSION, type, queueId, "<" + queueId + "@x.test>", tenant,
                "bob@example.test", "example.test", 1, Instant.now(), "2.0.0", "250 ok", "mx.example.test", null, null);
    }

    void send(MailEvent event) {
        writer.send(new ProducerRecord<>(Topics.EVENTS, 0, event.queueId().getBytes(StandardCharsets.UTF_8),
                Json.write(event)));
    }

    static List<WebhookReceiverResource.Received> requestsFor(String queueId) {
        return WebhookReceiverResource.received().stream()
                .filter(r -> queueId.equals(json(r.body()).path("subject").asText()))
                .toList();
    }

    static List<WebhookReceiverResource.Received> awaitRequests(String queueId, int count) {
        Awaits.until(count + " request(s) for " + queueId, () -> requestsFor(queueId).size() >= count);
        return requestsFor(queueId);
    }

    static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
