package io.postmesh.queue.retry;

import io.postmesh.model.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts one {@link TierConsumer} per retry tier ({@link Topics#RETRY_TIERS}) when the service starts and stops
 * them when it shuts down: each finishes the writes of its current poll, commits, and leaves the group, so the
 * partitions move to another replica without repeating work.
 */
@ApplicationScoped
public class RetryTiers {
    private static final Logger LOG = Logger.getLogger(RetryTiers.class);

    private final RetryConfig config;
    private final RetryRelease release;
    private final String bootstrap;
    private final List<TierConsumer> running = new ArrayList<>();

    public RetryTiers(RetryConfig config, RetryRelease release,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.config = config;
        this.release = release;
        this.bootstrap = bootstrap;
    }

    void onStart(@Observes StartupEvent event) {
        startConsumers();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopConsumers();
    }

    /** Starts the tier consumers (at startup; tests also call it to restart them). */
    public synchronized void startConsumers() {
        if (!running.isEmpty()) {
            return;
        }
        if (!config.tiers().enabled()) {
            LOG.info("retry tiers not consumed by this replica (postmesh.queue.retry.tiers.enabled=false)");
            return;
        }
        for (String tier : Topics.RETRY_TIERS) {
            TierConsumer consumer = new TierConsumer(tier, this::newConsumer, release, config.tiers(),
                    Clock.systemUTC());
            consumer.start();
            running.add(consumer);
        }
    }

    /** Stops the tier consumers gracefully: current writes finish and are committed, then they leave the group. */
    public synchronized void stopConsumers() throws InterruptedException {
        running.forEach(TierConsumer::signalStop);
        for (TierConsumer consumer : running) {
            consumer.stop(Duration.ofSeconds(30));
        }
        running.clear();
    }

    /** Sweeps finished by this replica's tier consumers since they started. */
    public synchronized long sweeps() {
        return running.stream().mapToLong(TierConsumer::sweeps).sum();
    }

    /** Manual commits, small polls; {@code earliest} so that a new group starts at the oldest waiting job. */
    Consumer<byte[], byte[]> newConsumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.tiers().groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "queue-service-retry-" + Thread.currentThread().getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.tiers().maxPollRecords());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
