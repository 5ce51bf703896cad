package io.postmesh.delivery.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.outcome.DeliveredMarkers;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.postmesh.testing.otlp.ReceivedSpan;
import io.postmesh.testing.smtp.ReceivedMessage;
import io.postmesh.testing.smtp.SmtpPeer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mode mx against the real broker, Redis, DNS server and SMTP peers of {@link MxInfra}. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(MxInfra.class)
class MxDeliveryTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RedisDataSource redis;

    private Jobs jobs;
    private TopicReader events;
    private TopicReader deferred;
    private TopicReader failed;

    @BeforeEach
    void open() {
        jobs = new Jobs(bootstrap);
        events = TopicReader.open(bootstrap, Topics.EVENTS);
        deferred = TopicReader.open(bootstrap, Topics.DEFERRED);
        failed = TopicReader.open(bootstrap, Topics.FAILED);
    }

    @AfterEach
    void close() {
        jobs.close();
        events.close();
        deferred.close();
        failed.close();
    }

    @Test
    void deliversTheExactBytesToTheMxAndWritesDelivered() {
        Envelope job = Jobs.job("ok.test", "bob@ok.test", "carol@ok.test");
        byte[] message = Jobs.message(job);
        jobs.send(job, message);

        List<MailEvent> delivered = awaitEvents(job, 2);
        ReceivedMessage received = messageFor(MxInfra.peer, job);
        assertThat(received.data()).isEqualTo(message);
        assertThat(received.recipients()).containsExactly("bob@ok.test", "carol@ok.test");
        assertThat(received.reversePath()).isEqualTo("alice@src.test");
        assertThat(received.heloName()).isEqualTo("delivery.postmesh.test");

        assertThat(delivered).extracting(MailEvent::type).containsOnly(EventType.DELIVERED);
        assertThat(delivered).extracting(MailEvent::recipient).containsExactlyInAnyOrder("bob@ok.test", "carol@ok.test");
        assertThat(delivered).allSatisfy(e -> {
            assertThat(e.remoteMta()).isEqualTo("mx.ok.test");
            assertThat(e.status()).isEqualTo("2.0.0");
            assertThat(e.reply()).startsWith("250 2.0.0");
            assertThat(e.attempt()).isEqualTo(1);
        });
        // Pipelined: MAIL, both RCPTs and DATA were one batch (RFC 2920), and SIZE was declared (RFC 1870).
        assertThat(MxInfra.peer.transcript()).anySatisfy(l ->
                assertThat(l).startsWith("MAIL FROM:<alice@src.test> SIZE="));
        assertThat(redis.value(String.class).get(DeliveredMarkers.key(job.queueId(), "bob@ok.test"))).isNotNull();
    }

    @Test
    void fallsBackToTheNextMxWhenThePreferredOneRefuses() {
        Envelope job = Jobs.job("fallback.test", "dave@fallback.test");
        jobs.send(job, Jobs.message(job));

        assertThat(awaitEvents(job, 1)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.DELIVERED);
            assertThat(e.remoteMta()).isEqualTo("mx.ok.test");
        });
        assertThat(messageFor(MxInfra.peer, job).recipients()).containsExactly("dave@fallback.test");
    }

    @Test
    void triesTheNextMxAfterA421Greeting() {
        Envelope job = Jobs.job("busy.test", "pat@busy.test");
        jobs.send(job, Jobs.message(job));

        assertThat(awaitEvents(job, 1)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.DELIVERED);
            assertThat(e.remoteMta()).isEqualTo("mx.ok.test");
        });
        assertThat(messageFor(MxInfra.peer, job).recipients()).containsExactly("pat@busy.test");
        assertThat(MxInfra.busy.connections()).isPositive();
        assertThat(MxInfra.busy.messages()).isEmpty();
    }

    @Test
    void implicitMxIsTheDomainItself() {
        Envelope job = Jobs.job("implicit.test", "erin@implicit.test");
        jobs.send(job, Jobs.message(job));
        assertThat(awaitEvents(job, 1)).singleElement().extracting(MailEvent::type).isEqualTo(EventType.DELIVERED);
        assertThat(messageFor(MxInfra.peer, job).recipients()).containsExactly("erin@implicit.test");
    }

    @Test
    void rejectedRecipientFailsPermanentlyWhileTheOtherIsDelivered() {
        Envelope job = Jobs.job("reject.test", MxInfra.REJECTED, "frank@reject.test");
        byte[] message = Jobs.message(job);
        jobs.send(job, message);

        ConsumerRecord<byte[], byte[]> record = awaitRecord(failed, job);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(job.queueId());
        assertThat(record.value()).isEqualTo(message);
        Envelope failedJob = Json.envelope(record.headers().lastHeader(MailHeaders.ENVELOPE).value());
        assertThat(failedJob.recipients()).extracting(Recipient::address).containsExactly(MxInfra.REJECTED);
        assertThat(failedJob.attempt()).isEqualTo(1);
        List<RecipientOutcome> outcomes = Json.outcomes(record.headers().lastHeader(MailHeaders.OUTCOMES).value());
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.PERMANENT_FAILURE);
            assertThat(o.status()).isEqualTo("5.1.1");
            assertThat(o.diagnostic()).isEqualTo("550 5.1.1 no such user");
            assertThat(o.remoteMta()).isEqualTo("mx.ok.test");
        });
        assertThat(awaitEvents(job, 2)).extracting(e -> e.type() + " " + e.recipient())
                .containsExactlyInAnyOrder("BOUNCED " + MxInfra.REJECTED, "DELIVERED frank@reject.test");
        assertThat(messageFor(MxInfra.peer, job).recipients()).containsExactly("frank@reject.test");
    }

    @Test
    void greylistedRecipientIsDeferredWithTheJobNarrowedToIt() {
        Envelope job = Jobs.job("ok.test", MxInfra.GREYLISTED);
        jobs.send(job, Jobs.message(job));

        ConsumerRecord<byte[], byte[]> record = awaitRecord(deferred, job);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("ok.test");
        assertThat(Json.outcomes(record.headers().lastHeader(MailHeaders.OUTCOMES).value())).singleElement()
                .satisfies(o -> {
                    assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
                    assertThat(o.status()).isEqualTo("4.7.1");
                });
        assertThat(awaitEvents(job, 1)).singleElement().extracting(MailEvent::type).isEqualTo(EventType.DEFERRED);
        // No recipient accepted: DATA must not have carried a message (RFC 2920 §3.1).
        assertThat(MxInfra.peer.messages()).noneMatch(m -> m.recipients().contains(MxInfra.GREYLISTED));
    }

    @Test
    void nullMxFailsWith5110() {
        Envelope job = Jobs.job("nullmx.test", "gina@nullmx.test");
        jobs.send(job, Jobs.message(job));
        RecipientOutcome outcome = onlyOutcome(awaitRecord(failed, job));
        assertThat(outcome.status()).isEqualTo("5.1.10");
        assertThat(outcome.result()).isEqualTo(Result.PERMANENT_FAILURE);
    }

    @Test
    void nonexistentDomainFailsWith512() {
        Envelope job = Jobs.job("nowhere.test", "hal@nowhere.test");
        jobs.send(job, Jobs.message(job));
        assertThat(onlyOutcome(awaitRecord(failed, job)).status()).isEqualTo("5.1.2");
    }

    @Test
    void servfailIsDeferredWith443() {
        Envelope job = Jobs.job("servfail.test", "ian@servfail.test");
        jobs.send(job, Jobs.message(job));
        RecipientOutcome outcome = onlyOutcome(awaitRecord(deferred, job));
        assertThat(outcome.status()).isEqualTo("4.4.3");
        assertThat(outcome.result()).isEqualTo(Result.TEMPORARY_FAILURE);
    }

    @Test
    void fallsBackToHeloForAServerWithoutEsmtp() {
        Envelope job = Jobs.job("helo.test", "jo@helo.test");
        // 7-bit only: a HELO server has no 8BITMIME (see eightBitMessageToAServerWithout8BitMimeFailsWith563).
        byte[] message = new String(Jobs.message(job), StandardCharsets.UTF_8).replace("Grüße", "Gruesse")
                .getBytes(StandardCharsets.US_ASCII);
        jobs.send(job, message);
        assertThat(awaitEvents(job, 1)).singleElement().extracting(MailEvent::type).isEqualTo(EventType.DELIVERED);
        assertThat(messageFor(MxInfra.heloOnly, job).data()).isEqualTo(message);
        assertThat(MxInfra.heloOnly.transcript()).contains("HELO delivery.postmesh.test");
        // No SIZE= to a server that announced nothing.
        assertThat(MxInfra.heloOnly.transcript()).contains("MAIL FROM:<alice@src.test>");
    }

    @Test
    void eightBitMessageToAServerWithout8BitMimeFailsWith563() {
        Envelope job = Jobs.job("helo.test", "umlaut@helo.test");
        jobs.send(job, Jobs.message(job));
        RecipientOutcome outcome = onlyOutcome(awaitRecord(failed, job));
        assertThat(outcome.status()).isEqualTo("5.6.3");
        assertThat(outcome.result()).isEqualTo(Result.PERMANENT_FAILURE);
        assertThat(MxInfra.heloOnly.transcript()).noneMatch(l -> l.contains("umlaut@helo.test"));
    }

    @Test
    void talksOneCommandAtATimeWithoutPipelining() {
        Envelope job = Jobs.job("nopipe.test", "kim@nopipe.test", "lee@nopipe.test");
        byte[] message = Jobs.message(job);
        jobs.send(job, message);
        assertThat(awaitEvents(job, 2)).extracting(MailEvent::type).containsOnly(EventType.DELIVERED);
        assertThat(messageFor(MxInfra.noPipelining, job).data()).isEqualTo(message);
    }

    @Test
    void lostConnectionDuringDataDefersWith441NamingTheHost() {
        Envelope job = Jobs.job("dropped.test", "max@dropped.test");
        jobs.send(job, Jobs.message(job));
        RecipientOutcome outcome = onlyOutcome(awaitRecord(deferred, job));
        assertThat(outcome.status()).isEqualTo("4.4.1");
        assertThat(outcome.diagnostic()).contains("mx.dropped.test");
        assertThat(MxInfra.dropping.messages()).isEmpty();
    }

    @Test
    void aJobReadTwiceIsDeliveredOnce() {
        Envelope job = Jobs.job("ok.test", "nina@ok.test");
        byte[] message = Jobs.message(job);
        jobs.send(job, message);
        jobs.send(job, message);

        // The second job's events come from the delivered-marker; wait for both before counting messages.
        List<MailEvent> delivered = awaitEvents(job, 2);
        assertThat(delivered).extracting(MailEvent::type).containsOnly(EventType.DELIVERED);
        assertThat(delivered).extracting(MailEvent::reply).containsOnly(delivered.get(0).reply());
        assertThat(MxInfra.peer.messages()).filteredOn(m -> m.recipients().contains("nina@ok.test")).hasSize(1);
    }

    @Test
    void eachAttemptIsAClientSpanOfTheMessagesTrace() {
        Envelope job = Jobs.job("reject.test", "olga@reject.test", MxInfra.REJECTED);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        jobs.send(job, Jobs.message(job), traceId, "00f067aa0ba902b7");

        List<MailEvent> outcomeEvents = awaitEvents(job, 2);
        assertThat(outcomeEvents).extracting(MailEvent::traceId).containsOnly(traceId);
        ConsumerRecord<byte[], byte[]> failedRecord = awaitRecord(failed, job);
        assertThat(new String(failedRecord.headers().lastHeader(MailHeaders.TRACEPARENT).value(),
                StandardCharsets.UTF_8)).contains(traceId);

        ReceivedSpan span = MxInfra.otlp.awaitSpans(spans -> spans.stream().anyMatch(s -> isAttempt(s, job)),
                Jobs.timeout()).stream().filter(s -> isAttempt(s, job)).findFirst().orElseThrow();
        assertThat(span.serviceName()).isEqualTo("delivery-service");
        assertThat(span.kind()).isEqualTo("CLIENT");
        assertThat(span.traceId()).isEqualTo(traceId);
        assertThat(span.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.attributes()).containsEntry("postmesh.recipient_domain", "reject.test")
                .containsEntry("postmesh.mx_host", "mx.ok.test")
                .containsEntry("postmesh.message_id", job.messageId())
                .containsEntry("postmesh.attempt", "1");
        assertThat(span.attributes().get("smtp.reply")).startsWith("250 2.0.0");
    }

    private static boolean isAttempt(ReceivedSpan span, Envelope job) {
        return span.name().equals("delivery attempt") && job.queueId().equals(span.attributes().get("postmesh.queue_id"));
    }

    /**
     * The peer's copy of the job's message. Called after the job's events arrived: the peer records a
     * message before it sends the 250, and events are written only after that 250.
     */
    private static ReceivedMessage messageFor(SmtpPeer peer, Envelope job) {
        String subject = "Subject: test " + job.queueId();
        List<ReceivedMessage> found = peer.messages().stream().filter(m -> m.dataAsString().contains(subject)).toList();
        assertThat(found).as("messages for %s at %s", job.queueId(), peer.address()).hasSize(1);
        return found.get(0);
    }

    private List<MailEvent> awaitEvents(Envelope job, int count) {
        return Jobs.events(events.await(rs -> Jobs.events(rs, job.queueId()).size() >= count, Jobs.timeout()),
                job.queueId());
    }

    private static ConsumerRecord<byte[], byte[]> awaitRecord(TopicReader reader, Envelope job) {
        return Jobs.ofJob(reader.await(rs -> !Jobs.ofJob(rs, job.queueId()).isEmpty(), Jobs.timeout()),
                job.queueId()).get(0);
    }

    private static RecipientOutcome onlyOutcome(ConsumerRecord<byte[], byte[]> record) {
        List<RecipientOutcome> outcomes = Json.outcomes(record.headers().lastHeader(MailHeaders.OUTCOMES).value());
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }
}
