package io.postmesh.queue.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import io.postmesh.queue.suppression.RedisSuppressionList;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduling policy against a real broker and Redis: suppression, lanes, campaigns and quotas, observed on the
 * topics the queue service writes.
 */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
class SchedulingPolicyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RedisDataSource redis;

    private TopicWriter writer;

    @BeforeEach
    void open() {
        writer = TopicWriter.open(bootstrap);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void aSuppressedRecipientIsNeverScheduledAndGetsASuppressedEvent() {
        String domain = unique("supp");
        String blocked = "gone@" + domain;
        redis.hash(String.class).hset(RedisSuppressionList.key("acme"), blocked,
                "{\"reason\":\"hard bounce 5.1.1\",\"at\":\"2026-11-01T00:00:00Z\"}");
        Envelope message = message("acme", "Gone@" + domain, "here@" + domain);

        try (TopicReader jobs = TopicReader.open(bootstrap, Topics.DELIVERY);
             TopicReader events = TopicReader.open(bootstrap, Topics.EVENTS)) {
            send(message, "Subject: hi\r\n\r\nbody\r\n");

            Envelope job = jobsOf(jobs.await(rs -> !jobsOf(rs, message.queueId()).isEmpty(), WAIT),
                    message.queueId()).get(0);
            assertThat(job.recipients()).extracting(Recipient::address).containsExactly("here@" + domain);
            MailEvent suppressed = eventsOf(events.await(rs -> !eventsOf(rs, message.queueId()).isEmpty(), WAIT),
                    message.queueId()).get(0);
            assertThat(suppressed.type()).isEqualTo(EventType.SUPPRESSED);
            assertThat(suppressed.recipient()).isEqualTo("Gone@" + domain);
            assertThat(suppressed.reply()).contains("hard bounce 5.1.1");
        }
    }

    @Test
    void laneAndCampaignComeFromTheMessageOrTheTenant() {
        Envelope tagged = message("acme", "a@" + unique("lane"));
        Envelope billing = message("billing", "b@" + unique("lane"));
        Envelope plain = message("acme", "c@" + unique("lane"));
        try (TopicReader transactional = TopicReader.open(bootstrap, Topics.DELIVERY_TRANSACTIONAL);
             TopicReader bulk = TopicReader.open(bootstrap, Topics.DELIVERY)) {
            send(tagged, "X-Postmesh-Lane: transactional\r\nX-Postmesh-Campaign: welcome\r\n\r\nhi\r\n");
            send(billing, "Subject: invoice\r\n\r\nhi\r\n");
            send(plain, "X-Postmesh-Campaign: spring-sale\r\n\r\nhi\r\n");

            List<ConsumerRecord<byte[], byte[]>> fast = transactional.await(rs ->
                    !jobsOf(rs, tagged.queueId()).isEmpty() && !jobsOf(rs, billing.queueId()).isEmpty(), WAIT);
            assertThat(jobsOf(fast, tagged.queueId()).get(0).campaign()).isEqualTo("welcome");
            assertThat(jobsOf(fast, billing.queueId()).get(0).lane()).isEqualTo(Envelope.LANE_TRANSACTIONAL);
            Envelope bulkJob = jobsOf(bulk.await(rs -> !jobsOf(rs, plain.queueId()).isEmpty(), WAIT),
                    plain.queueId()).get(0);
            assertThat(bulkJob.lane()).isEqualTo(Envelope.LANE_BULK);
            assertThat(bulkJob.campaign()).isEqualTo("spring-sale");
            assertThat(jobsOf(bulk.records(), tagged.queueId())).isEmpty();
        }
    }

    @Test
    void overQuotaMailIsRejectedOrDeferredByPolicy() {
        Envelope firstCapped = message("capped", "x@" + unique("quota"));
        Envelope secondCapped = message("capped", "y@" + unique("quota"));
        Envelope firstPatient = message("patient", "x@" + unique("quota"));
        Envelope secondPatient = message("patient", "y@" + unique("quota"));
        try (TopicReader failed = TopicReader.open(bootstrap, Topics.FAILED);
             TopicReader deferred = TopicReader.open(bootstrap, Topics.DEFERRED);
             TopicReader jobs = TopicReader.open(bootstrap, Topics.DELIVERY);
             TopicReader events = TopicReader.open(bootstrap, Topics.EVENTS)) {
            for (Envelope m : List.of(firstCapped, secondCapped, firstPatient, secondPatient)) {
                send(m.tenant(), m, "Subject: q\r\n\r\nhi\r\n");
            }
            // Up to 32 records are scheduled at once (ADR 28, 36); a quota-limited tenant's are charged one at a
            // time, but they reach the scheduler from several worker threads, so which of the two takes the one
            // message of the day is not fixed: exactly one of each pair goes through, the other meets the policy.
            ConsumerRecord<byte[], byte[]> rejected = first(failed.await(rs -> first(rs, firstCapped, secondCapped)
                    != null, WAIT), firstCapped, secondCapped);
            assertThat(outcomes(rejected)).singleElement().satisfies(o -> {
                assertThat(o.status()).isEqualTo("5.7.1");
                assertThat(o.result()).isEqualTo(RecipientOutcome.Result.PERMANENT_FAILURE);
            });
            ConsumerRecord<byte[], byte[]> held = first(deferred.await(rs -> first(rs, firstPatient, secondPatient)
                    != null, WAIT), firstPatient, secondPatient);
            assertThat(outcomes(held)).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo("4.7.1"));
            assertThat(envelope(held).attempt()).as("no delivery was attempted").isZero();

            String rejectedId = envelope(rejected).queueId();
            String heldId = envelope(held).queueId();
            String admittedCapped = rejectedId.equals(firstCapped.queueId()) ? secondCapped.queueId()
                    : firstCapped.queueId();
            String admittedPatient = heldId.equals(firstPatient.queueId()) ? secondPatient.queueId()
                    : firstPatient.queueId();
            jobs.await(rs -> !jobsOf(rs, admittedCapped).isEmpty() && !jobsOf(rs, admittedPatient).isEmpty(), WAIT);
            assertThat(eventsOf(events.await(rs -> eventsOf(rs, heldId).size() >= 1, WAIT), heldId))
                    .extracting(MailEvent::type).containsOnly(EventType.QUOTA_EXCEEDED);
            assertThat(jobsOf(jobs.records(), rejectedId)).isEmpty();
            assertThat(jobsOf(jobs.records(), heldId)).isEmpty();
        }
    }

    /** The first record in {@code records} of one of {@code messages}, or null. */
    private static ConsumerRecord<byte[], byte[]> first(List<ConsumerRecord<byte[], byte[]>> records,
                                                        Envelope... messages) {
        List<String> ids = List.of(messages).stream().map(Envelope::queueId).toList();
        return records.stream().filter(r -> ids.contains(envelope(r).queueId())).findFirst().orElse(null);
    }

    private static String unique(String prefix) {
        return prefix + "-" + QueueIds.next().toLowerCase() + ".test";
    }

    private static Envelope message(String tenant, String... recipients) {
        return Envelope.builder().queueId(QueueIds.next()).reversePath("sender@src.test").tenant(tenant)
                .recipients(List.of(recipients).stream().map(Recipient::of).toList()).build();
    }

    private void send(Envelope message, String body) {
        send(message.queueId(), message, body);
    }

    private void send(String key, Envelope message, String body) {
        writer.send(TopicWriter.record(Topics.INBOUND, key, message, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Envelope envelope(ConsumerRecord<byte[], byte[]> r) {
        return Json.envelope(r.headers().lastHeader(MailHeaders.ENVELOPE).value());
    }

    private static List<RecipientOutcome> outcomes(ConsumerRecord<byte[], byte[]> r) {
        return Json.outcomes(r.headers().lastHeader(MailHeaders.OUTCOMES).value());
    }

    private static List<Envelope> jobsOf(List<ConsumerRecord<byte[], byte[]>> records, String queueId) {
        return records.stream().map(SchedulingPolicyTest::envelope).filter(e -> queueId.equals(e.queueId())).toList();
    }

    private static List<MailEvent> eventsOf(List<ConsumerRecord<byte[], byte[]>> records, String queueId) {
        return records.stream().map(r -> Json.event(r.value())).filter(e -> queueId.equals(e.queueId())).toList();
    }
}
