package io.postmesh.ingress.api;

import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.redis.RedisServerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A Kafka broker the test may stop and restart (the shared one must stay up), with the shared Redis. */
public class BrokerOfItsOwn implements QuarkusTestResourceLifecycleManager {
    private static volatile KafkaBroker broker;

    public static KafkaBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start();
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "quarkus.redis.hosts", RedisServerProcess.shared().uri(),
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
