package io.postmesh.queue.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.opentelemetry.context.Context;
import io.postmesh.model.Envelope;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.queue.routing.JobRouter;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Suspend, resume and purge through the API, against the real broker and Redis, with jobs routed by {@link JobRouter}. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
class QueueControlTest {
    private static final byte[] BODY = "Subject: hold me\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    JobRouter router;

    private final String bootstrap = KafkaBroker.shared().bootstrapServers();

    @Test
    void suspendedJobsAreHeldAndReleasedExactlyOnceOnResume() throws Exception {
        String queueId = QueueIds.next();
        String destination = "held-" + queueId.toLowerCase() + ".test";
        Envelope job = job(queueId, destination, Instant.now());

        given().contentType(ContentType.JSON)
                .body(Map.of("destination", destination, "by", "ops", "reason", "remote blocklisted us"))
                .post("/v1/queues/suspend")
                .then().statusCode(200).body("destination", equalTo(destination)).body("by", equalTo("ops"));
        router.route(job, BODY, Context.root()).get(30, TimeUnit.SECONDS);

        assertThat(KafkaProbe.jobsOf(KafkaProbe.readToEnd(bootstrap, Topics.HOLD), queueId)).hasSize(1);
        assertThat(KafkaProbe.eventsOf(KafkaProbe.readToEnd(bootstrap, Topics.EVENTS), queueId))
                .extracting(MailEvent::type, MailEvent::recipient)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(EventType.HELD, "a@" + destination),
                        org.assertj.core.groups.Tuple.tuple(EventType.HELD, "b@" + destination));
        assertThat(KafkaProbe.jobsOf(KafkaProbe.readToEnd(bootstrap, Topics.DELIVERY), queueId)).isEmpty();
        given().get("/v1/queues").then().statusCode(200)
                .body("suspensions.destination", hasItem(destination));

        Map<TopicPartition, Long> heldUpTo = KafkaProbe.endOffsets(bootstrap, Topics.HOLD);
        given().contentType(ContentType.JSON).body(Map.of("destination", destination))
                .post("/v1/queues/resume")
                .then().statusCode(200).body("wasSuspended", equalTo(true));

        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> KafkaProbe.committedAtLeast(bootstrap, HoldReleaser.GROUP, heldUpTo));
        List<Envelope> delivered = KafkaProbe.jobsOf(KafkaProbe.readToEnd(bootstrap, Topics.DELIVERY), queueId);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).recipients()).extracting(Recipient::address)
                .containsExactly("a@" + destination, "b@" + destination);
    }

    @Test
    void purgeDropsHeldJobsWithPurgedEvents() throws Exception {
        String queueId = QueueIds.next();
        String destination = "purged-" + queueId.toLowerCase() + ".test";
        given().contentType(ContentType.JSON).body(Map.of("destination", destination))
                .post("/v1/queues/suspend").then().statusCode(200);
        router.route(job(queueId, destination, Instant.now().minusSeconds(60)), BODY, Context.root())
                .get(30, TimeUnit.SECONDS);

        given().contentType(ContentType.JSON).body(Map.of("destination", destination))
                .post("/v1/queues/purge")
                .then().statusCode(200).body("action", equalTo("purge")).body("destination", equalTo(destination));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> KafkaProbe.eventsOf(
                KafkaProbe.readToEnd(bootstrap, Topics.EVENTS), queueId).stream()
                .filter(e -> e.type() == EventType.PURGED).count() == 2);
        // The tracking consumer sees the same events: both recipients show as purged.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/v1/messages/" + queueId)
                .then().statusCode(200).body("recipients.status", equalTo(List.of("purged", "purged"))));

        Map<TopicPartition, Long> heldUpTo = KafkaProbe.endOffsets(bootstrap, Topics.HOLD);
        given().contentType(ContentType.JSON).body(Map.of("destination", destination))
                .post("/v1/queues/resume").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> KafkaProbe.committedAtLeast(bootstrap, HoldReleaser.GROUP, heldUpTo));
        assertThat(KafkaProbe.jobsOf(KafkaProbe.readToEnd(bootstrap, Topics.DELIVERY), queueId)).isEmpty();
    }

    @Test
    void retryNowRecordsTheFlushTimeForTheScope() {
        long before = System.currentTimeMillis();
        given().contentType(ContentType.JSON).body(Map.of("tenant", "flushing"))
                .post("/v1/queues/retry-now").then().statusCode(200).body("tenant", equalTo("flushing"));
        QueueControl control = io.quarkus.arc.Arc.container().instance(QueueControl.class).get();
        assertThat(control.flushedAt("flushing", "any.test")).isGreaterThanOrEqualTo(before);
        assertThat(control.flushedAt("someone-else", "any.test")).isZero();
    }

    @Test
    void refusesBadRequestsWithAJsonError() {
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/queues/suspend")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("status", equalTo(400)).body("message", containsString("\"tenant\", \"destination\" or both"));
        given().contentType(ContentType.JSON).body("{\"destination\": ").post("/v1/queues/resume")
                .then().statusCode(400).contentType(ContentType.JSON).body("message", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body(Map.of("destination", "no spaces.test")).post("/v1/queues/purge")
                .then().statusCode(400).body("message", containsString("domain name"));
        given().contentType(ContentType.JSON).post("/v1/queues/retry-now")
                .then().statusCode(400).contentType(ContentType.JSON);
    }

    private static Envelope job(String queueId, String destination, Instant firstSeen) {
        return Envelope.builder().queueId(queueId).reversePath("alice@sender.test").tenant("acme")
                .recipients(List.of(Recipient.of("a@" + destination), Recipient.of("b@" + destination)))
                .destination(destination).firstSeen(firstSeen).build();
    }
}
