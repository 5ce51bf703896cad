package io.postmesh.bounce.suppression;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BOUNCED events on a real mail.events become entries in a real Redis, read back through the REST API. Events
 * of one test go to one partition, so when a later "sentinel" bounce is visible the earlier ones were handled.
 */
@QuarkusTest
@TestProfile(SuppressionTestProfile.class)
@WithTestResource(PipelineInfra.class)
class BouncedEventConsumerTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    TopicWriter producer;
    String tenant;

    @BeforeEach
    void open() {
        producer = TopicWriter.open(bootstrap);
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void hardBounceSuppressesAtOnce() throws Exception {
        send(bounced("q-hard", 1, "Bob@Example.test", "5.1.1", "550 5.1.1 <bob@example.test>: user unknown"));

        awaitSuppressed("bob@example.test");
        given().get("/v1/suppressions/{t}/{a}", tenant, "BOB@example.test").then().statusCode(200)
                .body("address", org.hamcrest.Matchers.equalTo("bob@example.test"))
                .body("reason", startsWith("hard bounce: 550 5.1.1"))
                .body("expiresAt", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void softBouncesSuppressOnlyAtTheThreshold() throws Exception {
        String full = "552 5.2.2 <carol@example.test>: mailbox full";
        send(bounced("q-soft-1", 1, "carol@example.test", "5.2.2", full));
        // The same event again (at-least-once redelivery) must not count as a second bounce.
        send(bounced("q-soft-1", 1, "carol@example.test", "5.2.2", full));
        sentinel("s1");
        assertNotSuppressed("carol@example.test");

        send(bounced("q-soft-2", 1, "carol@example.test", "5.2.2", full));
        awaitSuppressed("carol@example.test");
        String expiresAt = given().get("/v1/suppressions/{t}/{a}", tenant, "carol@example.test").then()
                .statusCode(200).body("reason", startsWith("soft bounces: 2 within")).extract().path("expiresAt");
        assertThat(Instant.parse(expiresAt)).isBetween(Instant.now().plus(Duration.ofDays(29)),
                Instant.now().plus(Duration.ofDays(30)));
    }

    @Test
    void otherEventsAreIgnored() throws Exception {
        MailEvent deferred = bounced("q-other", 1, "dave@example.test", "4.2.2", "452 4.2.2 mailbox full");
        send(new MailEvent(1, EventType.DEFERRED, deferred.queueId(), null, tenant, deferred.recipient(), null, 1,
                Instant.now(), deferred.status(), deferred.reply(), null, null, null));
        // A type this service does not know yet reads as null and is skipped, not a failure.
        String newer = new String(Json.write(deferred), StandardCharsets.UTF_8).replace("\"BOUNCED\"", "\"SOMETHING_NEW\"");
        sendRaw("q-other", newer.getBytes(StandardCharsets.UTF_8));
        sendRaw("q-other", "not json".getBytes(StandardCharsets.UTF_8));
        sentinel("s2");

        assertNotSuppressed("dave@example.test");
    }

    @Test
    void bouncesAmongManyOtherEventsOnAllPartitionsAreApplied() {
        // Written in one burst, so the consumer gets them in poll batches of many records from several
        // partitions, nearly all of them events it passes over, as under load.
        int partitions = Topics.ALL.stream().filter(t -> t.name().equals(Topics.EVENTS)).findFirst().orElseThrow()
                .partitions();
        for (int i = 0; i < 600; i++) {
            MailEvent delivered = bounced("q-busy-" + i, 1, "busy-" + i + "@example.test", "2.0.0", "250 2.0.0 ok");
            producer.sendAsync(new ProducerRecord<>(Topics.EVENTS, i % partitions,
                    delivered.queueId().getBytes(StandardCharsets.UTF_8), Json.write(new MailEvent(1,
                    EventType.DELIVERED, delivered.queueId(), null, tenant, delivered.recipient(), null, 1,
                    Instant.now(), delivered.status(), delivered.reply(), null, null, null))));
            if (i % 50 == 49) {
                MailEvent hard = bounced("q-busy-hard-" + i, 1, "busy-hard-" + i + "@example.test", "5.1.1",
                        "550 5.1.1 user unknown");
                producer.sendAsync(new ProducerRecord<>(Topics.EVENTS, i % partitions,
                        hard.queueId().getBytes(StandardCharsets.UTF_8), Json.write(hard)));
            }
        }
        producer.flush();

        for (int i = 49; i < 600; i += 50) {
            awaitSuppressed("busy-hard-" + i + "@example.test");
        }
        assertNotSuppressed("busy-0@example.test");
        assertNotSuppressed("busy-599@example.test");
    }

    MailEvent bounced(String queueId, int attempt, String recipient, String status, String reply) {
        return new MailEvent(MailEvent.VERSION, EventType.BOUNCED, queueId, "<" + queueId + "@x.test>", tenant,
                recipient, "example.test", attempt, Instant.now(), status, reply, "mx.example.test", null, null);
    }

    void sentinel(String name) throws Exception {
        String address = "sentinel-" + name + "@example.test";
        send(bounced("q-" + name, 1, address, "5.1.1", "550 5.1.1 user unknown"));
        awaitSuppressed(address);
    }

    void send(MailEvent event) throws Exception {
        sendRaw(event.queueId(), Json.write(event));
    }

    void sendRaw(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.EVENTS, 0, key.getBytes(StandardCharsets.UTF_8), value));
    }

    void awaitSuppressed(String address) {
        Awaits.until(address + " suppressed", () ->
                given().get("/v1/suppressions/{t}/{a}", tenant, address).statusCode() == 200);
    }

    void assertNotSuppressed(String address) {
        given().get("/v1/suppressions/{t}/{a}", tenant, address).then().statusCode(404)
                .body("error", org.hamcrest.Matchers.containsString("not suppressed"));
    }
}
