package io.postmesh.testing.kafka;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes records the way the pipeline does (raw bytes, envelope header), for tests that feed a service.
 * Every write waits for the broker's ack ({@code acks=all}), so what a test wrote is there when it asserts.
 */
public final class TopicWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    private TopicWriter(KafkaProducer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    public static TopicWriter open(String bootstrap) {
        return new TopicWriter(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())));
    }

    /** A record with {@code key}, the message {@code body} and {@code envelope} in the pm-envelope header. */
    public static ProducerRecord<byte[], byte[]> record(String topic, String key, Envelope envelope, byte[] body) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), body);
        if (envelope != null) {
            record.headers().add(MailHeaders.ENVELOPE, Json.write(envelope));
        }
        return record;
    }

    /** Writes and waits for the ack. */
    public void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + record.topic(), e);
        }
    }

    /** Writes without waiting (many records); {@link #flush()} waits for all of them. */
    public void sendAsync(ProducerRecord<byte[], byte[]> record) {
        producer.send(record);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
