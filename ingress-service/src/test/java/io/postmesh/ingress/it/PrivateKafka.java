package io.postmesh.ingress.it;

import io.postmesh.testing.kafka.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A Kafka broker of the test class's own, which the test may stop; short delivery timeout. */
public class PrivateKafka implements QuarkusTestResourceLifecycleManager {
    private static volatile KafkaBroker broker;

    static KafkaBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start();
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "postmesh.kafka.delivery-timeout", "5s");
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
