package io.postmesh.kafka.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Kafka readiness of every service ({@code /q/health/ready}, check "Kafka broker"): DOWN while the broker
 * named by {@code kafka.bootstrap.servers} does not answer within {@code postmesh.kafka.readiness.timeout}.
 * A DOWN service is taken out of its Kubernetes Service (ingress stops getting SMTP connections it could
 * only answer with 451) but not restarted: readiness, not liveness, since a restart cannot bring a broker
 * back. Ingress publishes through a plain producer ({@code DurablePublisher}), so without this check it
 * would have no Kafka readiness at all.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {
    private final KafkaProbe probe;

    @Inject
    public KafkaReadinessCheck(
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092") String bootstrap,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "postmesh") String application,
            KafkaReadinessConfig config, Config all) {
        Map<String, String> kafka = new HashMap<>();
        for (String name : all.getPropertyNames()) {
            if (name.startsWith("kafka.")) {
                all.getOptionalValue(name, String.class).ifPresent(v -> kafka.put(name.substring(6), v));
            }
        }
        this.probe = new KafkaProbe(
                KafkaProbe.adminConfig(bootstrap, application + "-readiness", config.timeout(), kafka),
                config.timeout());
    }

    @Override
    public HealthCheckResponse call() {
        return probe.call();
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
