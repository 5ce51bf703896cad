package io.postmesh.ingress.it;

import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.redis.RedisServerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A Kafka broker of the test class's own, which the test may stop; short delivery timeout. Redis (credentials,
 * rate limits) is the shared one: only Kafka goes away in these tests.
 */
public class PrivateKafka implements QuarkusTestResourceLifecycleManager {
    private static volatile KafkaBroker broker;

    static KafkaBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start();
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "postmesh.kafka.delivery-timeout", "5s",
                "quarkus.redis.hosts", RedisServerProcess.shared().uri());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
