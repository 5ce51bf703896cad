package io.postmesh.delivery.shaping;

import io.micrometer.core.instrument.MeterRegistry;
import io.postmesh.delivery.pool.DeliveryPermits;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** Wires the {@link Shaper} from {@link ShapingConfig} and the service's Redis client. */
@ApplicationScoped
public class ShapingBeans {

    @Produces
    @ApplicationScoped
    @Startup
    Shaper shaper(Vertx vertx, Redis redis, ShapingConfig config) {
        // @Startup: the file is read (and a bad rule fails the start) on the main thread, never an event loop.
        ShapingRules rules = ShapingRulesLoader.load(config.rulesFile().map(Path::of));
        return new Shaper(vertx, redis, rules, config.connectionLease());
    }

    /** The transport's permits: the shaper's limits, or none beyond the pool's when shaping is off. */
    @Produces
    @ApplicationScoped
    DeliveryPermits permits(Vertx vertx, Shaper shaper, ShapingConfig config, MeterRegistry registry) {
        if (!config.enabled()) {
            return DeliveryPermits.UNLIMITED;
        }
        return new ShapedPermits(vertx, shaper, config.maxWait(),
                limit -> registry.counter("postmesh.shaping.held", "limit", limit).increment());
    }

    void close(@Disposes Shaper shaper) {
        shaper.close();
    }
}
