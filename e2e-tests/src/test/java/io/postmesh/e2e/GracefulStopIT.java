package io.postmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: on SIGTERM a consumer service commits what it processed and leaves its consumer group, so its
 * partitions move to another replica at once (not after the 45 s session timeout) and nothing it finished is read
 * again. The queue service schedules up to 32 records at once (ADR 28), which makes the in-order commit at
 * shutdown worth checking.
 */
class GracefulStopIT {
    private static final int MESSAGES = 60;

    @Test
    void aStoppedQueueServiceHasCommittedEverythingAndLeftItsGroup() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String domain = "stop-" + QueueIds.next().toLowerCase() + ".test";
        String group = "queue-stop-" + domain;
        Path logs = Files.createDirectories(Path.of("target/e2e-logs/graceful-stop"));
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.redis.hosts", RedisServerProcess.shared().uri(),
                "quarkus.otel.sdk.disabled", "true",
                "quarkus.http.host", "127.0.0.1",
                "quarkus.http.port", Integer.toString(Ports.freePort())));
        config.put("mp.messaging.incoming.inbound.group.id", group);
        // Only this test's mail: the group starts at the end of the topic (it is assigned before anything is written).
        config.put("mp.messaging.incoming.inbound.auto.offset.reset", "latest");
        // A member that does not leave stays in the group this long: far longer than the checks below take.
        config.put("mp.messaging.incoming.inbound.session.timeout.ms", "45000");

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             TopicReader jobs = TopicReader.open(bootstrap, Topics.DELIVERY);
             TopicWriter writer = TopicWriter.open(bootstrap)) {
            ServiceProcess queue = ServiceProcess.start("queue-service", config, logs);
            try {
                Awaitility.await("the queue joined " + group).atMost(Duration.ofSeconds(120))
                        .until(() -> assigned(admin, group) > 0);
                for (int i = 0; i < MESSAGES; i++) {
                    String queueId = QueueIds.next();
                    Envelope envelope = Envelope.builder().queueId(queueId).reversePath("s@src.test")
                            .recipients(List.of(Recipient.of("u" + i + "@" + domain))).build();
                    writer.send(TopicWriter.record(Topics.INBOUND, queueId, envelope,
                            ("Subject: stop " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8)));
                }
                jobs.await(rs -> rs.stream().filter(r -> r.key() != null
                        && new String(r.key(), StandardCharsets.UTF_8).equals(domain)).count() >= MESSAGES,
                        Duration.ofSeconds(120));
                Map<TopicPartition, Long> ends = endOffsets(admin);

                // Generous: each channel waits two poll timeouts for records in flight, then commits and leaves.
                boolean byItself = queue.stop(Duration.ofSeconds(90));

                assertThat(byItself).as("the queue service ended by itself on SIGTERM").isTrue();
                ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group)).all().get()
                        .get(group);
                assertThat(described.members()).as("members of %s right after the stop", group).isEmpty();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> committedOffsets = committed.entrySet().stream()
                        .filter(e -> e.getValue() != null)
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                assertThat(committedOffsets).as("offsets committed at the stop: every scheduled record")
                        .containsAllEntriesOf(ends);
            } finally {
                queue.close();
            }
        }
    }

    /** Partitions of {@link Topics#INBOUND} assigned to members of {@code group}. */
    private static long assigned(Admin admin, String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return d.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                .filter(tp -> tp.topic().equals(Topics.INBOUND)).count();
    }

    /** End offsets of the inbound partitions that hold records. */
    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Set<TopicPartition> partitions = admin.describeTopics(List.of(Topics.INBOUND)).allTopicNames().get()
                .get(Topics.INBOUND).partitions().stream()
                .map(p -> new TopicPartition(Topics.INBOUND, p.partition())).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .filter(e -> e.getValue().offset() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
