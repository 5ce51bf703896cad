package io.postmesh.delivery.it;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test helpers: write delivery jobs as the queue service does, read what the delivery service wrote. */
final class Jobs implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    Jobs(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    static Envelope job(String domain, String... recipients) {
        return Envelope.builder().queueId(QueueIds.next()).messageId("<" + QueueIds.next() + "@src.test>")
                .reversePath("alice@src.test").destination(domain)
                .recipients(List.of(recipients).stream().map(Recipient::of).toList()).build();
    }

    /** A message with a unique subject, lines that need dot-stuffing and a UTF-8 body. */
    static byte[] message(Envelope job) {
        return ("From: Alice <alice@src.test>\r\n"
                + "To: " + String.join(", ", job.recipients().stream().map(Recipient::address).toList()) + "\r\n"
                + "Subject: test " + job.queueId() + "\r\n"
                + "Message-ID: " + job.messageId() + "\r\n"
                + "\r\n"
                + "Hello.\r\n"
                + ".leading dot\r\n"
                + ".\r\n"
                + "Grüße\r\n").getBytes(StandardCharsets.UTF_8);
    }

    void send(Envelope job, byte[] message) {
        send(job, message, UUID.randomUUID().toString().replace("-", ""), "b7ad6b7169203331");
    }

    /** Writes the job as a child of span {@code parentSpanId} in trace {@code traceId} (W3C traceparent). */
    void send(Envelope job, byte[] message, String traceId, String parentSpanId) {
        sendTo(job.transactional() ? Topics.DELIVERY_TRANSACTIONAL : Topics.DELIVERY, job, message, traceId,
                parentSpanId);
    }

    private void sendTo(String topic, Envelope job, byte[] message, String traceId, String parentSpanId) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                job.destination().getBytes(StandardCharsets.UTF_8), message);
        record.headers().add(MailHeaders.ENVELOPE, Json.write(job));
        record.headers().add(MailHeaders.TRACEPARENT,
                ("00-" + traceId + "-" + parentSpanId + "-01").getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write job", e);
        }
    }

    static List<MailEvent> events(List<ConsumerRecord<byte[], byte[]>> records, String queueId) {
        return records.stream().map(r -> Json.event(r.value())).filter(e -> queueId.equals(e.queueId())).toList();
    }

    static List<ConsumerRecord<byte[], byte[]>> ofJob(List<ConsumerRecord<byte[], byte[]>> records, String queueId) {
        return records.stream().filter(r -> queueId.equals(Json.envelope(
                r.headers().lastHeader(MailHeaders.ENVELOPE).value()).queueId())).toList();
    }

    static Duration timeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
