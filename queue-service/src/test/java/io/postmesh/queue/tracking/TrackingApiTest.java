package io.postmesh.queue.tracking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.queue.control.QueueDepth;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.metrics.PrometheusSamples;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Events on the real {@code mail.events} → tracking view, campaign report and depth over the REST API. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
class TrackingApiTest {
    private static final Instant HOUR_10 = Instant.parse("2025-03-10T10:15:00Z");
    private static final Instant HOUR_11 = Instant.parse("2025-03-10T11:20:00Z");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Inject
    QueueDepth depth;

    @Test
    void tracksEachRecipientReportsTheCampaignAndCountsTheQueueDown() throws Exception {
        String queueId = QueueIds.next();
        String tenant = "t" + queueId.toLowerCase();
        String domain = queueId.toLowerCase() + ".test";
        String a = "a@" + domain;
        String b = "b@" + domain;
        Envelope job = Envelope.builder().queueId(queueId).tenant(tenant).destination(domain).campaign("spring")
                .recipients(List.of(Recipient.of(a), Recipient.of(b))).firstSeen(HOUR_10.minusSeconds(60)).build();

        double latencySumBefore = metric("postmesh_delivery_latency_seconds_sum", "");
        double latencyCountBefore = metric("postmesh_delivery_latency_seconds_count", "");
        depth.enqueued(job).toCompletableFuture().get(30, TimeUnit.SECONDS);
        given().get("/v1/queues").then().statusCode(200)
                .body("destinations.'" + domain + "'", equalTo(2)).body("tenants." + tenant, equalTo(2));
        List<String> recipients = given().get("/v1/messages/" + queueId).then().statusCode(200)
                .body("recipients.status", equalTo(List.of("accepted", "accepted")))
                .extract().jsonPath().getList("recipients.recipient", String.class);
        assertThat(recipients).containsExactlyInAnyOrder(a, b);

        publish(event(EventType.ACCEPTED, queueId, tenant, null, 0, HOUR_10.minusSeconds(61), "250 2.0.0 Ok", null),
                event(EventType.DEFERRED, queueId, tenant, a, 1, HOUR_10, "451 4.7.1 try later", "mx1." + domain),
                event(EventType.BOUNCED, queueId, tenant, b, 1, HOUR_10.plusSeconds(1), "550 5.1.1 no such user",
                        "mx1." + domain),
                event(EventType.DELIVERED, queueId, tenant, a, 2, HOUR_11, "250 2.0.0 queued", "mx2." + domain),
                // at-least-once: the same DELIVERED again, and a stale DEFERRED arriving late
                event(EventType.DELIVERED, queueId, tenant, a, 2, HOUR_11, "250 2.0.0 queued", "mx2." + domain),
                event(EventType.DEFERRED, queueId, tenant, a, 1, HOUR_10, "451 4.7.1 try later", "mx1." + domain));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/v1/messages/" + queueId)
                .then().statusCode(200)
                .body("recipients.status", equalTo(List.of("delivered", "bounced"))));
        given().get("/v1/messages/" + queueId).then().statusCode(200)
                .body("queueId", equalTo(queueId)).body("tenant", equalTo(tenant))
                .body("campaign", equalTo("spring")).body("traceId", equalTo(TRACE))
                .body("acceptedAt", equalTo(HOUR_10.minusSeconds(61).toString()))
                .body("recipients[0].recipient", equalTo(a)).body("recipients[0].attempts", equalTo(2))
                .body("recipients[0].lastReply", equalTo("250 2.0.0 queued"))
                .body("recipients[0].remoteMta", equalTo("mx2." + domain))
                .body("recipients[1].recipient", equalTo(b)).body("recipients[1].attempts", equalTo(1))
                .body("recipients[1].lastReply", equalTo("550 5.1.1 no such user"));

        // Both recipients reached a terminal state: counted out of the queue once each.
        given().get("/v1/queues").then().statusCode(200)
                .body("destinations", not(hasKey(domain))).body("tenants", not(hasKey(tenant)));

        given().queryParam("tenant", tenant).queryParam("campaign", "spring")
                .queryParam("from", "2025-03-10T00:00:00Z").queryParam("to", "2025-03-11T00:00:00Z")
                .get("/v1/reports/campaigns").then().statusCode(200)
                .body("counts.accepted", equalTo(2)).body("counts.deferred", equalTo(1))
                .body("counts.bounced", equalTo(1)).body("counts.delivered", equalTo(1))
                .body("counts.complained", equalTo(0));
        // A window covering only the 10:00 hour leaves out the delivery at 11:20.
        given().queryParam("tenant", tenant).queryParam("campaign", "spring")
                .queryParam("from", "2025-03-10T10:00:00Z").queryParam("to", "2025-03-10T11:00:00Z")
                .get("/v1/reports/campaigns").then().statusCode(200)
                .body("counts.delivered", equalTo(0)).body("counts.bounced", equalTo(1));

        // Metrics: each event counted once (the replayed DELIVERED and the stale DEFERRED are not news), per
        // tenant and destination; the delivery's time since acceptance (65 min 61 s) in the latency histogram.
        String series = "tenant=\"" + tenant + "\"";
        assertThat(metric("postmesh_events_total", series, "type=\"DELIVERED\"", "site=\"" + domain + "\""))
                .isEqualTo(1.0);
        assertThat(metric("postmesh_events_total", series, "type=\"DEFERRED\"")).isEqualTo(1.0);
        assertThat(metric("postmesh_events_total", series, "type=\"BOUNCED\"")).isEqualTo(1.0);
        assertThat(metric("postmesh_events_total", series, "type=\"ACCEPTED\"")).isEqualTo(1.0);
        assertThat(metric("postmesh_delivery_latency_seconds_count", "")).isGreaterThanOrEqualTo(latencyCountBefore + 1);
        assertThat(metric("postmesh_delivery_latency_seconds_sum", "")).isGreaterThanOrEqualTo(latencySumBefore + 3961);
    }

    /** Sum of the Prometheus samples of {@code name} whose labels contain every one of {@code labels}. */
    private static double metric(String name, String... labels) {
        return PrometheusSamples.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(),
                name, labels);
    }

    @Test
    void unknownMessagesAndBadReportRequestsAreRefused() {
        given().get("/v1/messages/NOSUCHQUEUEID").then().statusCode(404)
                .body("status", equalTo(404)).body("message", containsString("NOSUCHQUEUEID"));
        given().get("/v1/messages/bad:id").then().statusCode(400);
        given().queryParam("from", "2025-03-10T00:00:00Z").queryParam("to", "2025-03-11T00:00:00Z")
                .get("/v1/reports/campaigns").then().statusCode(400).body("message", containsString("'tenant'"));
        given().queryParam("tenant", "acme").queryParam("from", "monday").queryParam("to", "2025-03-11T00:00:00Z")
                .get("/v1/reports/campaigns").then().statusCode(400).body("message", containsString("'from'"));
        given().queryParam("tenant", "acme").queryParam("from", "2025-01-01T00:00:00Z")
                .queryParam("to", "2025-03-11T00:00:00Z")
                .get("/v1/reports/campaigns").then().statusCode(400).body("message", containsString("35 days"));
    }

    @Test
    void openApiListsTheEndpoints() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/v1/queues"))
                .body("paths", hasKey("/v1/queues/suspend"))
                .body("paths", hasKey("/v1/queues/resume"))
                .body("paths", hasKey("/v1/queues/retry-now"))
                .body("paths", hasKey("/v1/queues/purge"))
                .body("paths", hasKey("/v1/messages/{queueId}"))
                .body("paths", hasKey("/v1/reports/campaigns"));
    }

    private static MailEvent event(EventType type, String queueId, String tenant, String recipient, int attempt,
                                   Instant at, String reply, String mta) {
        String destination = recipient == null ? null : recipient.substring(recipient.indexOf('@') + 1);
        return new MailEvent(MailEvent.VERSION, type, queueId, "<m@x>", tenant, recipient, destination, attempt, at,
                null, reply, mta, TRACE, type == EventType.ACCEPTED ? null : "spring");
    }

    private static void publish(MailEvent... events) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (MailEvent e : events) {
                // keyed by queue id like every producer of mail.events: one partition, in order
                producer.send(new ProducerRecord<>(Topics.EVENTS, e.queueId().getBytes(StandardCharsets.UTF_8),
                        Json.write(e))).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
