package io.postmesh.queue.retry;

import static io.postmesh.queue.retry.RetryFixture.dueAt;
import static io.postmesh.queue.retry.RetryFixture.envelope;
import static io.postmesh.queue.retry.RetryFixture.events;
import static io.postmesh.queue.retry.RetryFixture.header;
import static io.postmesh.queue.retry.RetryFixture.job;
import static io.postmesh.queue.retry.RetryFixture.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** mail.deferred in, against the real broker: back-off over the tiers, expiry, the delay warning. */
@QuarkusTest
@TestProfile(FastRetryProfile.class)
@WithTestResource(PipelineInfra.class)
class RetryScheduleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aJobDeferredTwiceIsRetriedTwiceNoSoonerThanScheduled() throws Exception {
        Envelope first = job("default", "twice.test", 1, Instant.now());
        String id = first.queueId();
        try (RetryFixture fixture = new RetryFixture();
             TopicReader tier = TopicReader.open(fixture.bootstrap, "mail.retry.1m");
             TopicReader delivery = TopicReader.open(fixture.bootstrap, Topics.DELIVERY)) {
            long deferred1 = fixture.defer(first, "451 4.7.1 greylisted");
            ConsumerRecord<byte[], byte[]> waiting1 = of(tier.await(rs -> of(rs, id).size() == 1, WAIT), id).get(0);
            ConsumerRecord<byte[], byte[]> retry1 = of(delivery.await(rs -> of(rs, id).size() == 1, WAIT), id).get(0);

            // The delivery service tries again, is deferred again, and writes attempt 2.
            long deferred2 = fixture.defer(first.withAttempt(2), "451 4.7.1 greylisted");
            ConsumerRecord<byte[], byte[]> waiting2 = of(tier.await(rs -> of(rs, id).size() == 2, WAIT), id).get(1);
            ConsumerRecord<byte[], byte[]> retry2 = of(delivery.await(rs -> of(rs, id).size() == 2, WAIT), id).get(1);

            assertThat(dueAt(waiting1)).isEqualTo(deferred1 + 1000);   // first = 1s
            assertThat(dueAt(waiting2)).isEqualTo(deferred2 + 2000);   // × 2
            assertThat(retry1.timestamp()).isGreaterThanOrEqualTo(dueAt(waiting1));
            assertThat(retry2.timestamp()).isGreaterThanOrEqualTo(dueAt(waiting2));
            assertThat(retry2.timestamp()).isGreaterThan(retry1.timestamp());
            assertThat(envelope(retry1).attempt()).isEqualTo(1);
            assertThat(envelope(retry2).attempt()).isEqualTo(2);
            assertThat(retry2.value()).isEqualTo(RetryFixture.BODY);
            assertThat(new String(retry2.key())).isEqualTo("twice.test");
            // The tier record keeps the envelope and outcomes; every hop stays in the message's trace.
            assertThat(header(waiting1, MailHeaders.OUTCOMES)).contains("451 4.7.1 greylisted");
            assertThat(header(waiting1, MailHeaders.TRACEPARENT)).startsWith("00-" + RetryFixture.TRACE_ID);
            assertThat(header(retry2, MailHeaders.TRACEPARENT)).startsWith("00-" + RetryFixture.TRACE_ID)
                    .isNotEqualTo(header(waiting2, MailHeaders.TRACEPARENT));
            assertThat(of(delivery.records(), id)).hasSize(2);
        }
    }

    @Test
    void aJobPastItsMaxAgeFailsWith447AndTheLastReply() throws Exception {
        Envelope old = job("default", "expired.test", 30, Instant.now().minus(Duration.ofDays(6)), "a", "b");
        String id = old.queueId();
        try (RetryFixture fixture = new RetryFixture();
             TopicReader failed = TopicReader.open(fixture.bootstrap, Topics.FAILED);
             TopicReader events = TopicReader.open(fixture.bootstrap, Topics.EVENTS)) {
            fixture.defer(old, "421 4.4.2 mx.expired.test connection dropped");

            ConsumerRecord<byte[], byte[]> failure = of(failed.await(rs -> of(rs, id).size() == 1, WAIT), id).get(0);
            var expired = events(events.await(rs -> events(rs, id, EventType.EXPIRED).size() == 2, WAIT), id,
                    EventType.EXPIRED);

            assertThat(header(failure, MailHeaders.NOTICE)).isNull();
            assertThat(new String(failure.key())).isEqualTo(id);
            assertThat(failure.value()).isEqualTo(RetryFixture.BODY);
            List<RecipientOutcome> outcomes = Json.outcomes(failure.headers().lastHeader(MailHeaders.OUTCOMES).value());
            assertThat(outcomes).extracting(RecipientOutcome::recipient)
                    .containsExactly("a@expired.test", "b@expired.test");
            assertThat(outcomes).allSatisfy(o -> {
                assertThat(o.result()).isEqualTo(RecipientOutcome.Result.PERMANENT_FAILURE);
                assertThat(o.status()).isEqualTo("4.4.7");
                assertThat(o.diagnostic()).contains("421 4.4.2 mx.expired.test connection dropped");
                assertThat(o.remoteMta()).isEqualTo("mx.expired.test");
            });
            assertThat(expired).extracting(e -> e.status()).containsOnly("4.4.7");
            assertThat(expired).extracting(e -> e.recipient()).containsExactlyInAnyOrder("a@expired.test",
                    "b@expired.test");
        }
    }

    @Test
    void theDelayWarningIsSentOnceWhenTheJobCrossesItsThreshold() throws Exception {
        // Tenant "warned" is warned after 1h; the job was accepted 2h ago and is deferred for the first time.
        Envelope late = job("warned", "warned.test", 1, Instant.now().minus(Duration.ofHours(2)));
        String id = late.queueId();
        try (RetryFixture fixture = new RetryFixture();
             TopicReader failed = TopicReader.open(fixture.bootstrap, Topics.FAILED);
             TopicReader delivery = TopicReader.open(fixture.bootstrap, Topics.DELIVERY);
             TopicReader events = TopicReader.open(fixture.bootstrap, Topics.EVENTS)) {
            fixture.defer(late, "452 4.2.2 mailbox full");
            ConsumerRecord<byte[], byte[]> notice = of(failed.await(rs -> of(rs, id).size() == 1, WAIT), id).get(0);
            delivery.await(rs -> of(rs, id).size() == 1, WAIT);

            // Deferred again: older still, but the threshold was crossed before the previous deferral.
            fixture.defer(late.withAttempt(2), "452 4.2.2 mailbox full");
            delivery.await(rs -> of(rs, id).size() == 2, WAIT); // written a second after that deferral was handled
            var delayed = events(events.await(rs -> events(rs, id, EventType.DELAYED).size() >= 1, WAIT), id,
                    EventType.DELAYED);

            assertThat(header(notice, MailHeaders.NOTICE)).isEqualTo(MailHeaders.NOTICE_DELAYED);
            List<RecipientOutcome> outcomes = Json.outcomes(notice.headers().lastHeader(MailHeaders.OUTCOMES).value());
            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(RecipientOutcome.Result.TEMPORARY_FAILURE);
                assertThat(o.diagnostic()).isEqualTo("452 4.2.2 mailbox full");
            });
            assertThat(of(failed.await(rs -> true, WAIT), id)).hasSize(1);
            assertThat(delayed).hasSize(1);
        }
    }
}
