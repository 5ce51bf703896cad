package io.postmesh.kafka.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postmesh.testing.Ports;
import io.postmesh.testing.kafka.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Kafka readiness answer against real brokers: the shared one, a stopped one, and a closed port. */
class KafkaProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void upWithTheBrokersTheClusterNames() {
        KafkaBroker broker = KafkaBroker.shared();
        try (KafkaProbe probe = probe(broker.bootstrapServers())) {
            HealthCheckResponse response = probe.call();

            assertThat(response.getName()).isEqualTo("Kafka broker");
            assertThat(response.getStatus()).isEqualTo(Status.UP);
            assertThat(response.getData()).get().extracting(d -> d.get("nodes"))
                    .isEqualTo(broker.bootstrapServers());
        }
    }

    @Test
    void downOnceTheBrokerStopsAndUpAgainWhenItIsBack() {
        // A private broker: the shared one must keep running for the other tests of this JVM.
        try (KafkaBroker broker = KafkaBroker.start(); KafkaProbe probe = probe(broker.bootstrapServers())) {
            // A fresh broker on a loaded machine may need a moment before it describes the cluster.
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.call().getStatus() == Status.UP);

            broker.stop();
            HealthCheckResponse down = probe.call();

            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getData()).get().extracting(d -> d.get("reason")).asString().isNotBlank();

            broker.restart();
            await().atMost(Duration.ofSeconds(60)).until(() -> probe.call().getStatus() == Status.UP);
        }
    }

    @Test
    void downWhenNothingListensAtTheBootstrapAddress() {
        try (KafkaProbe probe = probe("127.0.0.1:" + Ports.freePort())) {
            HealthCheckResponse response = probe.call();

            assertThat(response.getStatus()).isEqualTo(Status.DOWN);
            assertThat(response.getData()).get().extracting(d -> d.get("reason")).asString()
                    .contains("Timeout");
        }
    }

    @ParameterizedTest(name = "kafka.{0} shared with the probe: {1}")
    @CsvSource({
            "security.protocol,                 true",
            "sasl.mechanism,                    true",
            "sasl.jaas.config,                  true",
            "ssl.truststore.location,           true",
            "key.deserializer,                  false",
            "auto.offset.reset,                 false",
            "bootstrap.servers,                 false",
    })
    void connectionSecuritySettingsAreSharedAndOthersAreNot(String property, boolean shared) {
        Map<String, Object> config = KafkaProbe.adminConfig("b:9092", "svc-readiness", TIMEOUT,
                Map.of(property, "value"));

        assertThat(config.containsKey(property) && "value".equals(config.get(property))).isEqualTo(shared);
        assertThat(config).containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("request.timeout.ms", 3000)
                .containsEntry("default.api.timeout.ms", 3000);
    }

    private static KafkaProbe probe(String bootstrap) {
        return new KafkaProbe(KafkaProbe.adminConfig(bootstrap, "probe-test", TIMEOUT, Map.of()), TIMEOUT);
    }
}
