package io.postmesh.kafka;

import io.opentelemetry.context.Context;
import io.postmesh.model.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes records and completes only when the broker has them durably: {@code acks=all} and an
 * idempotent producer, so a retried send never writes a record twice. This is the one place where the
 * pipeline's rule "nothing is acknowledged before it is durable" meets Kafka: ingress answers 250 and
 * consumers commit their offsets only after the futures returned here have completed.
 */
public final class DurablePublisher implements AutoCloseable {
    /** The producer's {@code batch.size}: 1 MiB, about ten 100 KB bodies. */
    static final int BATCH_BYTES = 1024 * 1024;

    private final Producer<byte[], byte[]> producer;

    public DurablePublisher(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Producer settings for durable hand-off.
     *
     * @param bootstrap       broker list
     * @param clientId        client id (the service name)
     * @param deliveryTimeout how long a send may take before it fails (bounds the time a client waits for a reply)
     * @param overrides       any further producer settings (they win)
     */
    public static Map<String, Object> config(String bootstrap, String clientId, Duration deliveryTimeout,
                                             Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        // Room for several message bodies per batch: with Kafka's 16 KiB every 100 KB record was a batch, and a
        // produce request, of its own (ADR 39). The pool keeps buffers of this size for reuse.
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        int timeoutMs = (int) deliveryTimeout.toMillis();
        int requestTimeout = Math.max(1000, timeoutMs / 2);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, requestTimeout + 1));
        // send() must never block a Vert.x event loop for long waiting for metadata.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(timeoutMs, 5000));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putAll(overrides);
        return config;
    }

    public static DurablePublisher create(Map<String, Object> config) {
        return new DurablePublisher(new KafkaProducer<>(config));
    }

    /**
     * Sends one record with the trace context of {@code trace} in its headers. The future completes once
     * all in-sync replicas have the record, or fails (the caller then must not acknowledge upstream).
     */
    public CompletableFuture<RecordMetadata> publish(ProducerRecord<byte[], byte[]> record, Context trace) {
        if (trace != null) {
            TraceHeaders.inject(trace, record.headers());
        }
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // Metadata not available within max.block.ms, record too large, producer closed...
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
