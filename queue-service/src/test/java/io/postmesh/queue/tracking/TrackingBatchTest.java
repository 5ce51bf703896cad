package io.postmesh.queue.tracking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.queue.control.DepthChange;
import io.postmesh.queue.control.QueueDepth;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The tracking write script and the batch consumer against the real broker and Redis: replays count once,
 * terminal events count the queue down once, Redis forgetting its scripts changes nothing, and many messages'
 * events arriving together are each applied in order.
 */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
class TrackingBatchTest {
    private static final Instant AT = Instant.parse("2025-04-01T09:30:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    TrackingStore store;

    @Inject
    QueueDepth depth;

    @Inject
    RedisDataSource redis;

    @Test
    void replayedJobsAndEventsCountOnceAndTheQueueGoesDownOnce() throws Exception {
        String queueId = QueueIds.next();
        String tenant = "r" + queueId.toLowerCase();
        String domain = queueId.toLowerCase() + ".test";
        Envelope job = job(queueId, tenant, domain, "a@" + domain);

        depth.enqueued(job).toCompletableFuture().get(30, TimeUnit.SECONDS);
        MailEvent delivered = event(EventType.DELIVERED, queueId, tenant, "a@" + domain, 1, AT.plusSeconds(5));
        TrackingStore.Applied first = store.apply(delivered).await().atMost(WAIT);
        TrackingStore.Applied replay = store.apply(delivered).await().atMost(WAIT);
        // A replay of the job registration must not reset the delivered recipient to accepted.
        store.registerJob(job, DepthChange.NONE).await().atMost(WAIT);

        assertThat(first.news()).isTrue();
        assertThat(first.becameTerminal()).isTrue();
        assertThat(first.lane()).isEqualTo(job.lane());
        assertThat(replay.news()).isFalse();
        assertThat(replay.becameTerminal()).isFalse();
        Map<String, String> report = redis.hash(String.class).hgetall(ReportBuckets.key(tenant, "spring", AT));
        assertThat(report).containsEntry("accepted", "1").containsEntry("delivered", "1");
        assertThat(redis.hash(Long.class).hget("pm:depth:destination", domain)).isZero();
        assertThat(redis.hash(Long.class).hget("pm:depth:tenant", tenant)).isZero();
        given().get("/v1/messages/" + queueId).then().statusCode(200)
                .body("recipients.status", equalTo(List.of("delivered")));
    }

    @Test
    void aRedisThatForgotTheScriptIsSentItAgain() {
        String queueId = QueueIds.next();
        String tenant = "f" + queueId.toLowerCase();
        String domain = queueId.toLowerCase() + ".test";
        store.registerJob(job(queueId, tenant, domain, "b@" + domain),
                DepthChange.NONE).await().atMost(WAIT);
        redis.execute("SCRIPT", "FLUSH"); // as after a Redis restart

        store.apply(event(EventType.BOUNCED, queueId, tenant, "b@" + domain, 1, AT.plusSeconds(9)))
                .await().atMost(WAIT);

        Map<String, String> report = redis.hash(String.class).hgetall(ReportBuckets.key(tenant, "spring", AT));
        assertThat(report).containsEntry("accepted", "1").containsEntry("bounced", "1");
        given().get("/v1/messages/" + queueId).then().statusCode(200)
                .body("recipients.status", equalTo(List.of("bounced")))
                .body("recipients[0].attempts", equalTo(1));
    }

    @Test
    void eventsOfManyMessagesInOneBatchAreEachAppliedInOrder() throws Exception {
        String run = QueueIds.next().toLowerCase();
        String tenant = "b" + run;
        String domain = run + ".test";
        List<String> queueIds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String queueId = QueueIds.next();
            queueIds.add(queueId);
            depth.enqueued(job(queueId, tenant, domain, "u" + i + "@" + domain)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "50"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < queueIds.size(); i++) {
                String q = queueIds.get(i);
                String rcpt = "u" + i + "@" + domain;
                // Interleaved across messages. Two deferrals of one attempt at the same time: the one applied
                // last wins (TrackingMerge), so the reply shows whether the records were applied in order.
                // Every other message is then delivered and counted out of the queue.
                List<MailEvent> events = new ArrayList<>(List.of(
                        event(EventType.DEFERRED, q, tenant, rcpt, 1, AT.plusSeconds(10), "451 one"),
                        event(EventType.DEFERRED, q, tenant, rcpt, 2, AT.plusSeconds(20), "451 two"),
                        event(EventType.DEFERRED, q, tenant, rcpt, 2, AT.plusSeconds(20), "451 three")));
                if (i % 2 == 0) {
                    events.add(event(EventType.DELIVERED, q, tenant, rcpt, 3, AT.plusSeconds(30), "250 done"));
                }
                for (MailEvent e : events) {
                    sent.add(producer.send(new ProducerRecord<>(Topics.EVENTS, q.getBytes(StandardCharsets.UTF_8),
                            Json.write(e))));
                }
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }

        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (int i = 0; i < queueIds.size(); i++) {
                given().get("/v1/messages/" + queueIds.get(i)).then().statusCode(200)
                        .body("recipients[0].status", equalTo(i % 2 == 0 ? "delivered" : "deferred"))
                        .body("recipients[0].attempts", equalTo(i % 2 == 0 ? 3 : 2))
                        .body("recipients[0].lastReply", equalTo(i % 2 == 0 ? "250 done" : "451 three"));
            }
        });
        assertThat(redis.hash(Long.class).hget("pm:depth:tenant", tenant)).isEqualTo(20L);
        assertThat(redis.hash(Long.class).hget("pm:depth:destination", domain)).isEqualTo(20L);
        Map<String, String> report = redis.hash(String.class).hgetall(ReportBuckets.key(tenant, "spring", AT));
        assertThat(report).containsEntry("accepted", "40").containsEntry("delivered", "20")
                .containsEntry("deferred", "80");
    }

    private static Envelope job(String queueId, String tenant, String domain, String recipient) {
        return Envelope.builder().queueId(queueId).tenant(tenant).destination(domain).campaign("spring")
                .recipients(List.of(Recipient.of(recipient))).firstSeen(AT).build();
    }

    private static MailEvent event(EventType type, String queueId, String tenant, String recipient, int attempt,
                                   Instant at) {
        return event(type, queueId, tenant, recipient, attempt, at, type + " reply");
    }

    private static MailEvent event(EventType type, String queueId, String tenant, String recipient, int attempt,
                                   Instant at, String reply) {
        return new MailEvent(MailEvent.VERSION, type, queueId, "<m@x>", tenant, recipient,
                recipient.substring(recipient.indexOf('@') + 1), attempt, at, null, reply, "mx.test",
                "4bf92f3577b34da6a3ce929d0e0e4736", "spring");
    }
}
