package io.postmesh.testing.quarkus;

import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.redis.RedisServerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource that points a service under test at the test JVM's shared real Kafka broker (with
 * the pipeline's topics) and shared real Redis server. Both are started on first use and stopped when the
 * test JVM exits, so every test class in a module shares them.
 *
 * <pre>@QuarkusTest
 * &#64;WithTestResource(PipelineInfra.class)
 * class MyTest { ... }</pre>
 */
public class PipelineInfra implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "quarkus.redis.hosts", RedisServerProcess.shared().uri());
    }

    @Override
    public void stop() {
        // Shared for the whole JVM: stopped by shutdown hooks, not per test class.
    }
}
