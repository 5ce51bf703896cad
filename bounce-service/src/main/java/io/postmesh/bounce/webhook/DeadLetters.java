package io.postmesh.bounce.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The dead-letter topic {@value #TOPIC}: events a webhook did not accept within {@code max-attempts}. The topic
 * is not in {@code Topics.ALL} (it belongs to this feature alone), so the service creates it itself, at startup
 * and again before the first dead letter in case the broker was unreachable then; creating is idempotent.
 *
 * <p>Record: key = queue id, value = JSON {@code {"tenant", "attempts", "lastError", "failedAt", "event"}} where
 * {@code event} is the CloudEvent exactly as it was POSTed (so it can be replayed as is), headers = the
 * message's {@code traceparent}. The secret and the URL are left out: the URL may carry credentials.
 */
@ApplicationScoped
public class DeadLetters {
    /** Dead letters of webhook delivery. */
    public static final String TOPIC = io.postmesh.model.Topics.WEBHOOKS_DLQ;
    static final int PARTITIONS = 3;
    /** Longer than the event topics' 7 days: a dead letter waits for a person, who may be on holiday. */
    static final Map<String, String> CONFIGS = Map.of("retention.ms", Long.toString(30L * 24 * 3600 * 1000));

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrap;
    private volatile boolean topicReady;

    public DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void onStart(@Observes StartupEvent start, WebhookConfig config) {
        WebhookSettings.validate(config);
        if (config.tenants().isEmpty()) {
            return; // no webhooks, never a dead letter: no reason to touch the cluster's topics
        }
        try {
            ensureTopic();
        } catch (RuntimeException e) {
            // Not fatal here: ensureTopic runs again before the first dead letter is written.
            LOG.warnf("could not create %s at startup: %s", TOPIC, e.getMessage());
        }
    }

    /** Creates the topic unless it exists; blocking, at most {@link #ADMIN_TIMEOUT}. */
    public void ensureTopic() {
        if (topicReady) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()))) {
            NewTopic topic = new NewTopic(TOPIC, Optional.of(PARTITIONS), Optional.empty()).configs(CONFIGS);
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("created topic %s", TOPIC);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + TOPIC + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create " + TOPIC + " within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + TOPIC, e);
        }
        topicReady = true;
    }

    /** The dead-letter record for {@code cloudEvent} of {@code tenant}. */
    public static ProducerRecord<byte[], byte[]> record(String queueId, String tenant, byte[] cloudEvent,
                                                        int attempts, String lastError, Instant failedAt) {
        ObjectNode value = MAPPER.createObjectNode();
        value.put("tenant", tenant);
        value.put("attempts", attempts);
        value.put("lastError", lastError);
        value.put("failedAt", failedAt.toString());
        try {
            value.set("event", MAPPER.readTree(cloudEvent));
            return new ProducerRecord<>(TOPIC, queueId == null ? null : queueId.getBytes(StandardCharsets.UTF_8),
                    MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalArgumentException("CloudEvent is not JSON", e);
        }
    }
}
