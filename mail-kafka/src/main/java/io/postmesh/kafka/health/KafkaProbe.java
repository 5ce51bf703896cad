package io.postmesh.kafka.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Asks the Kafka cluster to describe itself, with a bound on the wait, and turns the answer into a health
 * response: UP with the brokers it named, or DOWN with the reason. Plain class (no CDI) so a test can point
 * it at a broker it starts and stops.
 *
 * <p>Why not quarkus-kafka-client's own check: it calls {@code describeCluster().nodes().get()} without a
 * timeout, so with the broker gone a readiness call hangs for the admin client's {@code default.api.timeout.ms}
 * (60 s), far past any probe timeout; lowering that timeout through {@code kafka.*} would also change the
 * consumers of the messaging channels, which read the same properties.
 */
public final class KafkaProbe implements AutoCloseable {
    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "Kafka broker";

    /** Prefixes of {@code kafka.*} properties that the probe's admin client must share with the services. */
    private static final List<String> SHARED_PREFIXES = List.of("security.", "sasl.", "ssl.");

    private final Map<String, Object> adminConfig;
    private final Duration timeout;
    private Admin admin;

    public KafkaProbe(Map<String, Object> adminConfig, Duration timeout) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.timeout = timeout;
    }

    /**
     * Admin client settings: the broker list, a client id, request and API timeouts equal to {@code timeout},
     * and the connection-security settings among {@code kafkaProperties} (names without their {@code kafka.}
     * prefix), so the probe reaches a TLS/SASL cluster the way the services do. Other properties (serializers,
     * consumer settings) are not admin settings and are left out.
     */
    public static Map<String, Object> adminConfig(String bootstrap, String clientId, Duration timeout,
                                                  Map<String, String> kafkaProperties) {
        Map<String, Object> config = new HashMap<>();
        kafkaProperties.forEach((name, value) -> {
            if (SHARED_PREFIXES.stream().anyMatch(name::startsWith)) {
                config.put(name, value);
            }
        });
        int ms = (int) timeout.toMillis();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        // Reconnect attempts to a dead broker back off to at most the timeout, so the probe notices its return
        // within one probe period rather than after the default 1 s..10 s backoff ladder.
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, Math.min(ms, 1000));
        return config;
    }

    /** One readiness answer; never waits much longer than the timeout and never throws. */
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        try {
            Collection<Node> nodes = admin().describeCluster(new DescribeClusterOptions()
                            .timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    // The admin call has its own deadline; this one only guards against it being missed.
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                return response.down().withData("reason", "the cluster named no broker").build();
            }
            return response.up().withData("nodes", nodes.stream().map(n -> n.host() + ":" + n.port())
                    .sorted().collect(Collectors.joining(","))).build();
        } catch (ExecutionException e) {
            return response.down().withData("reason", String.valueOf(e.getCause())).build();
        } catch (TimeoutException e) {
            return response.down().withData("reason", "no answer within " + timeout).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("reason", "interrupted").build();
        } catch (KafkaException e) {
            // e.g. a bootstrap name that does not resolve yet: the admin client is built again next time.
            return response.down().withData("reason", e.toString()).build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
