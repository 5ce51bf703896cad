package io.postmesh.queue.retry;

import static io.postmesh.queue.retry.RetryFixture.dueAt;
import static io.postmesh.queue.retry.RetryFixture.events;
import static io.postmesh.queue.retry.RetryFixture.job;
import static io.postmesh.queue.retry.RetryFixture.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postmesh.model.Envelope;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import io.postmesh.queue.control.RedisQueueControl;
import io.postmesh.queue.control.RuleScope;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The tier consumers against the real broker and the real queue control (Redis): waiting, restarts, operators. */
@QuarkusTest
@TestProfile(FastRetryProfile.class)
@WithTestResource(PipelineInfra.class)
class RetryTierTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TIER_1M = "mail.retry.1m";
    private static final String TIER_10M = "mail.retry.10m";

    @Inject
    RetryTiers tiers;

    @Inject
    RedisQueueControl control;

    @Test
    void jobsPausedAcrossARestartAreRoutedOnceEachAndNotBeforeTheirTime() throws Exception {
        // Tenant "patient" waits 5s; ten destinations spread the jobs over the tier's partitions.
        List<Envelope> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(job("patient", "restart" + i + ".test", 1, Instant.now()));
        }
        List<String> ids = jobs.stream().map(Envelope::queueId).toList();
        try (RetryFixture fixture = new RetryFixture();
             TopicReader tier = TopicReader.open(fixture.bootstrap, TIER_1M);
             TopicReader delivery = TopicReader.open(fixture.bootstrap, Topics.DELIVERY)) {
            for (Envelope job : jobs) {
                fixture.defer(job, "451 4.3.0 try again");
            }
            List<ConsumerRecord<byte[], byte[]>> waiting = tier.await(rs -> ofAll(rs, ids).size() == 10, WAIT);
            tiers.stopConsumers();  // leaves the group while the jobs are paused
            assertThat(ofAll(delivery.await(rs -> true, WAIT), ids)).isEmpty();
            tiers.startConsumers(); // rejoins: partitions assigned afresh, read from the committed heads

            List<ConsumerRecord<byte[], byte[]>> routed = ofAll(delivery.await(rs -> ofAll(rs, ids).size() >= 10,
                    WAIT), ids);
            awaitCommittedToTheEnd(fixture.bootstrap, TIER_1M); // nothing left to re-read: duplicates would show now

            Map<String, Long> dueById = ofAll(waiting, ids).stream()
                    .collect(Collectors.toMap(r -> RetryFixture.envelope(r).queueId(), RetryFixture::dueAt));
            assertThat(ofAll(delivery.records(), ids)).hasSize(10);
            assertThat(routed).allSatisfy(r -> assertThat(r.timestamp())
                    .isGreaterThanOrEqualTo(dueById.get(RetryFixture.envelope(r).queueId())));
        }
    }

    @Test
    void retryNowReleasesAWaitingJobAtOnce() throws Exception {
        Envelope job = job("slow", "flushed.test", 1, Instant.now());
        try (RetryFixture fixture = new RetryFixture();
             TopicReader tier = TopicReader.open(fixture.bootstrap, TIER_10M);
             TopicReader delivery = TopicReader.open(fixture.bootstrap, Topics.DELIVERY)) {
            fixture.defer(job, "451 4.3.0 try again");
            ConsumerRecord<byte[], byte[]> waiting = of(tier.await(rs -> of(rs, job.queueId()).size() == 1, WAIT),
                    job.queueId()).get(0);
            Instant flushed = control.retryNow(new RuleScope(null, "flushed.test")).await().atMost(WAIT);

            ConsumerRecord<byte[], byte[]> routed = of(delivery.await(rs -> of(rs, job.queueId()).size() == 1, WAIT),
                    job.queueId()).get(0);
            assertThat(routed.timestamp()).isGreaterThanOrEqualTo(flushed.toEpochMilli())
                    .isLessThan(dueAt(waiting)); // ten minutes early, as asked
        }
    }

    @Test
    void purgedJobsAreDroppedWithAPurgedEventPerRecipient() throws Exception {
        Envelope job = job("slow", "purged.test", 1, Instant.now(), "a", "b");
        try (RetryFixture fixture = new RetryFixture();
             TopicReader tier = TopicReader.open(fixture.bootstrap, TIER_10M);
             TopicReader delivery = TopicReader.open(fixture.bootstrap, Topics.DELIVERY);
             TopicReader events = TopicReader.open(fixture.bootstrap, Topics.EVENTS)) {
            fixture.defer(job, "451 4.3.0 try again");
            tier.await(rs -> of(rs, job.queueId()).size() == 1, WAIT);
            control.purge(new RuleScope(null, "purged.test")).await().atMost(WAIT);

            var purged = events(events.await(rs -> events(rs, job.queueId(), EventType.PURGED).size() == 2, WAIT),
                    job.queueId(), EventType.PURGED);
            assertThat(purged).extracting(e -> e.recipient()).containsExactlyInAnyOrder("a@purged.test",
                    "b@purged.test");
            assertThat(of(delivery.await(rs -> true, WAIT), job.queueId())).isEmpty();
        }
    }

    @Test
    void aSweepFindsAFlushedJobBehindAWaitingHeadAndKeepsTheHeadWaiting() throws Exception {
        // Same key, so the same partition: the blocker is the head, the flushed job waits behind it.
        Envelope blocker = job("slow", "blocker.test", 1, Instant.now());
        Envelope behind = job("slow", "behind.test", 1, Instant.now());
        String key = "shared-" + blocker.queueId();
        try (RetryFixture fixture = new RetryFixture();
             TopicReader tier = TopicReader.open(fixture.bootstrap, TIER_10M);
             TopicReader delivery = TopicReader.open(fixture.bootstrap, Topics.DELIVERY)) {
            fixture.defer(blocker, key, "451 4.3.0 try again");
            fixture.defer(behind, key, "451 4.3.0 try again");
            List<ConsumerRecord<byte[], byte[]>> first = tier.await(
                    rs -> of(rs, blocker.queueId()).size() == 1 && of(rs, behind.queueId()).size() == 1, WAIT);
            ConsumerRecord<byte[], byte[]> head = of(first, blocker.queueId()).get(0);
            control.retryNow(new RuleScope(null, "behind.test")).await().atMost(WAIT);

            of(delivery.await(rs -> of(rs, behind.queueId()).size() == 1, WAIT), behind.queueId());
            ConsumerRecord<byte[], byte[]> again = of(tier.await(rs -> of(rs, blocker.queueId()).size() == 2, WAIT),
                    blocker.queueId()).get(1);

            assertThat(again.offset()).isGreaterThan(head.offset());
            assertThat(dueAt(again)).isEqualTo(dueAt(head));
            assertThat(again.timestamp()).isEqualTo(head.timestamp()); // the deferral time flushes compare with
            assertThat(again.value()).isEqualTo(head.value());
            assertThat(of(delivery.records(), blocker.queueId())).isEmpty();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> ofAll(List<ConsumerRecord<byte[], byte[]>> records,
                                                              List<String> ids) {
        return records.stream().filter(r -> ids.contains(RetryFixture.envelope(r).queueId())).toList();
    }

    /** Waits until the tier group has committed every partition of {@code topic} to its end. */
    private static void awaitCommittedToTheEnd(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets("queue-service-retry").partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                for (int p = 0; p < 6; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0 || committed.containsKey(e.getKey())
                                && committed.get(e.getKey()).offset() >= e.getValue().offset());
            });
        }
    }
}
