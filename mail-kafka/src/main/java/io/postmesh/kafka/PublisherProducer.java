package io.postmesh.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes a {@link DurablePublisher} available to every service through CDI, configured from
 * {@code kafka.bootstrap.servers} (the same property the SmallRye Kafka connector reads) and
 * {@code postmesh.kafka.delivery-timeout} and {@code postmesh.kafka.linger}.
 */
@ApplicationScoped
public class PublisherProducer {

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092")
    String bootstrap;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "postmesh")
    String clientId;

    /** Upper bound on one durable send; an SMTP client waits at most this long before it gets 451. */
    @ConfigProperty(name = "postmesh.kafka.delivery-timeout", defaultValue = "30s")
    Duration deliveryTimeout;

    /**
     * How long the producer waits to fill a batch ({@code linger.ms}). Ingress keeps 1 ms: each SMTP client waits
     * for its own acknowledgement. The queue and delivery services, which write many records at once, use more:
     * fewer, larger produce requests cost the broker and the services less CPU per message.
     */
    @ConfigProperty(name = "postmesh.kafka.linger", defaultValue = "1ms")
    Duration linger;

    @Produces
    @ApplicationScoped
    DurablePublisher publisher() {
        return DurablePublisher.create(DurablePublisher.config(bootstrap, clientId, deliveryTimeout,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis())));
    }

    void close(@Disposes DurablePublisher publisher) {
        publisher.close();
    }
}
