package io.postmesh.bounce.failed;

import static io.postmesh.bounce.dsn.ParsedDsn.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.bounce.dsn.ParsedDsn;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.otlp.ReceivedSpan;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bounce service against a real Kafka broker: mail.failed in, DSN on mail.inbound out. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(TraceReceiverResource.class)
class FailedJobConsumerTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final SecureRandom RANDOM = new SecureRandom();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    TopicWriter producer;
    TopicReader inbound;

    @BeforeEach
    void open() {
        producer = TopicWriter.open(bootstrap);
        inbound = TopicReader.open(bootstrap, Topics.INBOUND);
    }

    @AfterEach
    void close() {
        producer.close();
        inbound.close();
    }

    @Test
    void failedJobBecomesADsnToTheSenderInTheSameTrace() throws Exception {
        String queueId = QueueIds.next();
        String sender = "alice-" + queueId.toLowerCase() + "@sender.test";
        String traceId = hex(16);
        String parentSpanId = hex(8);

        send(0, failedJob(queueId, sender), "00-" + traceId + "-" + parentSpanId + "-01");

        ConsumerRecord<byte[], byte[]> dsn = awaitDsnTo(sender);
        Envelope envelope = Json.envelope(header(dsn, MailHeaders.ENVELOPE));
        String dsnQueueId = new String(dsn.key(), StandardCharsets.US_ASCII);
        assertThat(envelope.nullReversePath()).isTrue();
        assertThat(envelope.recipients()).extracting(Recipient::address).containsExactly(sender);
        assertThat(envelope.dsn()).isTrue();
        assertThat(envelope.tenant()).isEqualTo("acme");
        assertThat(envelope.queueId()).isEqualTo(dsnQueueId).isNotEqualTo(queueId);
        assertThat(envelope.size()).isEqualTo(dsn.value().length);
        assertThat(new String(header(dsn, MailHeaders.TRACEPARENT), StandardCharsets.US_ASCII))
                .startsWith("00-" + traceId + "-");

        ParsedDsn parsed = ParsedDsn.parse(dsn.value());
        assertThat(new ContentType(parsed.message.getContentType()).getParameter("report-type"))
                .isEqualTo("delivery-status");
        assertThat(parsed.perRecipient()).singleElement().satisfies(r -> {
            assertThat(field(r, "Final-Recipient")).isEqualTo("rfc822; bob@example.test");
            assertThat(field(r, "Status")).isEqualTo("5.1.1");
            assertThat(field(r, "Diagnostic-Code")).isEqualTo("smtp; 550 5.1.1 <bob@example.test>: no such user");
        });
        assertThat(parsed.message.getMessageID()).isEqualTo(envelope.messageId());

        // The "bounce dsn" span is a child of the failed job's span and names both queue ids.
        ReceivedSpan span = awaitBounceSpan(queueId);
        assertThat(span.traceId()).isEqualTo(traceId);
        assertThat(span.parentSpanId()).isEqualTo(parentSpanId);
        assertThat(span.serviceName()).isEqualTo("bounce-service");
        assertThat(span.attributes()).containsEntry("postmesh.dsn_queue_id", dsnQueueId)
                .containsEntry("postmesh.message_id", "<m-" + queueId + "@sender.test>")
                .containsEntry("postmesh.recipient_count", "1");
        // ... and the DSN record carries that span as its parent, so its delivery joins the same trace.
        assertThat(new String(header(dsn, MailHeaders.TRACEPARENT), StandardCharsets.US_ASCII))
                .isEqualTo("00-" + traceId + "-" + span.spanId() + "-01");
    }

    @Test
    void aFailedBounceIsNeverBounced() throws Exception {
        String nullQueueId = QueueIds.next();
        Envelope bounce = Envelope.builder().queueId(nullQueueId).messageId("<b-" + nullQueueId + "@x.test>")
                .reversePath("").recipients(List.of(Recipient.of("bob@example.test"))).firstSeen(Instant.now()).build();
        String normalQueueId = QueueIds.next();
        String sender = "carol-" + normalQueueId.toLowerCase() + "@sender.test";

        // Same partition: the service handles them in order, each DSN durable before the next record,
        // so once the second one's DSN is visible the first one has been fully handled.
        send(1, bounce, "00-" + hex(16) + "-" + hex(8) + "-01");
        send(1, failedJob(normalQueueId, sender), "00-" + hex(16) + "-" + hex(8) + "-01");

        awaitDsnTo(sender);
        List<ConsumerRecord<byte[], byte[]>> all = readToEnd(Topics.INBOUND);
        assertThat(all).noneMatch(r -> new String(r.value(), StandardCharsets.ISO_8859_1).contains(nullQueueId));
        assertThat(all).noneMatch(r -> Json.envelope(header(r, MailHeaders.ENVELOPE)).recipients().stream()
                .anyMatch(rcpt -> rcpt.address().isEmpty()));
        assertThat(awaitBounceSpan(nullQueueId).attributes())
                .containsEntry("postmesh.recipient_count", "0")
                .doesNotContainKey("postmesh.dsn_queue_id");
    }

    static Envelope failedJob(String queueId, String sender) {
        return Envelope.builder().queueId(queueId).messageId("<m-" + queueId + "@sender.test>")
                .reversePath(sender).tenant("acme").destination("example.test").attempt(1)
                .recipients(List.of(Recipient.of("bob@example.test"))).firstSeen(Instant.now()).build();
    }

    void send(int partition, Envelope job, String traceparent) throws Exception {
        String body = "From: <" + job.reversePath() + ">\r\nTo: <bob@example.test>\r\nSubject: hello\r\n"
                + "Message-ID: " + job.messageId() + "\r\n\r\nHi Bob.\r\n";
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.FAILED, partition,
                job.queueId().getBytes(StandardCharsets.US_ASCII), body.getBytes(StandardCharsets.US_ASCII));
        record.headers().add(MailHeaders.ENVELOPE, Json.write(job));
        record.headers().add(MailHeaders.OUTCOMES, Json.write(List.of(new RecipientOutcome("bob@example.test",
                RecipientOutcome.Result.PERMANENT_FAILURE, "5.1.1", "550 5.1.1 <bob@example.test>: no such user",
                "mx1.example.test", Instant.now()))));
        record.headers().add(MailHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        producer.send(record);
    }

    ConsumerRecord<byte[], byte[]> awaitDsnTo(String sender) {
        Predicate<ConsumerRecord<byte[], byte[]>> toSender = r -> Optional.ofNullable(r.headers().lastHeader(MailHeaders.ENVELOPE))
                .map(h -> Json.envelope(h.value()).recipients().stream().anyMatch(rc -> rc.address().equals(sender)))
                .orElse(false);
        return inbound.await(records -> records.stream().anyMatch(toSender), WAIT).stream()
                .filter(toSender).findFirst().orElseThrow();
    }

    ReceivedSpan awaitBounceSpan(String queueId) {
        Predicate<ReceivedSpan> bounceOf = s -> s.name().equals("bounce dsn")
                && queueId.equals(s.attributes().get("postmesh.queue_id"));
        return TraceReceiverResource.receiver().awaitSpans(spans -> spans.stream().anyMatch(bounceOf), WAIT)
                .stream().filter(bounceOf).findFirst().orElseThrow();
    }

    /** Everything on the topic up to its current end offsets. */
    List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    static byte[] header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        assertThat(h).as("header %s", name).isNotNull();
        return h.value();
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
