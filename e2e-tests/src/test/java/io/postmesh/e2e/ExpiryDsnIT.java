package io.postmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import io.postmesh.testing.Ports;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.process.ServiceProcess;
import io.postmesh.testing.redis.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A deferred job older than its maximum age is given up by the queue service (4.4.7) and the bounce service
 * tells the sender with a DSN — both services running as processes against the real broker.
 */
class ExpiryDsnIT {

    @Test
    void aJobPastItsMaximumAgeProducesADsnToTheSender() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String redis = RedisServerProcess.shared().uri();
        Path logs = Files.createDirectories(Path.of("target/e2e-logs/expiry"));
        String queueId = QueueIds.next();
        String sender = "owner-" + queueId.toLowerCase() + "@src.test";
        Envelope job = Envelope.builder().queueId(queueId).reversePath(sender).destination("slow.test")
                .recipients(List.of(Recipient.of("late@slow.test"))).attempt(3)
                .firstSeen(Instant.now().minus(Duration.ofHours(3))).build();
        Map<String, String> common = Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.redis.hosts", redis,
                "quarkus.otel.sdk.disabled", "true",
                "quarkus.http.host", "127.0.0.1");
        Map<String, String> queue = new java.util.HashMap<>(common);
        queue.put("quarkus.http.port", Integer.toString(Ports.freePort()));
        queue.put("postmesh.queue.retry.max-age", "2h");
        queue.put("mp.messaging.incoming.deferred.group.id", "expiry-" + queueId);
        queue.put("mp.messaging.incoming.inbound.group.id", "expiry-inbound-" + queueId);
        Map<String, String> bounce = new java.util.HashMap<>(common);
        bounce.put("quarkus.http.port", Integer.toString(Ports.freePort()));
        bounce.put("postmesh.bounce.reporting-mta", "mx.postmesh.test");

        try (ServiceProcess q = ServiceProcess.start("queue-service", queue, logs);
             ServiceProcess b = ServiceProcess.start("bounce-service", bounce, logs);
             TopicReader inbound = TopicReader.open(bootstrap, Topics.INBOUND);
             TopicWriter writer = TopicWriter.open(bootstrap)) {
            ProducerRecord<byte[], byte[]> deferred = TopicWriter.record(Topics.DEFERRED, "slow.test", job,
                    "Subject: still trying\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8));
            deferred.headers().add(MailHeaders.OUTCOMES, Json.write(List.of(new RecipientOutcome("late@slow.test",
                    RecipientOutcome.Result.TEMPORARY_FAILURE, "4.4.1", "421 4.4.1 mx.slow.test: try again later",
                    "mx.slow.test", Instant.now()))));
            writer.send(deferred);

            List<ConsumerRecord<byte[], byte[]>> records = inbound.await(rs -> dsnFor(rs, sender) != null,
                    Duration.ofSeconds(90));
            ConsumerRecord<byte[], byte[]> dsn = dsnFor(records, sender);
            Envelope envelope = Json.envelope(dsn.headers().lastHeader(MailHeaders.ENVELOPE).value());
            assertThat(envelope.nullReversePath()).isTrue();
            assertThat(envelope.dsn()).isTrue();
            String body = new String(dsn.value(), StandardCharsets.UTF_8);
            assertThat(body).contains("Final-Recipient: rfc822; late@slow.test")
                    .contains("Action: failed").contains("Status: 4.4.7");
        }
    }

    private static ConsumerRecord<byte[], byte[]> dsnFor(List<ConsumerRecord<byte[], byte[]>> records, String sender) {
        return records.stream().filter(r -> {
            Envelope e = Json.envelope(r.headers().lastHeader(MailHeaders.ENVELOPE).value());
            return e.dsn() && e.recipients().stream().anyMatch(x -> x.address().equals(sender));
        }).findFirst().orElse(null);
    }
}
