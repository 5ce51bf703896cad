package io.postmesh.testing.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the beginning, for assertions on what services wrote. Not thread-safe. */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

    private TopicReader(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    public static TopicReader open(String bootstrap, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        consumer.subscribe(List.of(topic));
        return new TopicReader(consumer);
    }

    /** Waits until at least {@code count} records have been read; returns all read so far. */
    public List<ConsumerRecord<byte[], byte[]>> await(int count, Duration timeout) {
        return await(records -> records.size() >= count, timeout);
    }

    /** Waits until the records read so far satisfy {@code until}; throws AssertionError on timeout. */
    public List<ConsumerRecord<byte[], byte[]>> await(Predicate<List<ConsumerRecord<byte[], byte[]>>> until,
                                                      Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!until.test(seen)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out after " + timeout + " with " + seen.size() + " records");
            }
            // poll blocks until records arrive or the slice ends: an event wait, not a sleep.
            consumer.poll(Duration.ofMillis(Math.min(200, Math.max(1, left / 1_000_000))))
                    .forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    /** Everything read so far. */
    public List<ConsumerRecord<byte[], byte[]>> records() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
