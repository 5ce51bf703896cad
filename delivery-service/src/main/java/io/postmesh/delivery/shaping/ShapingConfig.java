package io.postmesh.delivery.shaping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Traffic shaping ({@code postmesh.delivery.shaping.*}); the limits themselves live in the rules file. */
@ConfigMapping(prefix = "postmesh.delivery.shaping")
public interface ShapingConfig {

    /** Whether the transport asks the shaper for permits at all; off, only the pool's own limits apply. */
    @WithDefault("true")
    boolean enabled();

    /** Longest wait for a used-up message rate before the job is deferred with 4.7.0 instead. */
    @WithDefault("10s")
    Duration maxWait();

    /**
     * YAML file with shaping rules read over the built-in {@code default-rules.yaml} (which has the format and
     * the provider defaults); empty means the built-in rules only.
     */
    Optional<String> rulesFile();

    /**
     * How long a connection slot stays leased without renewal: the time after which a dead replica's slots are
     * free again. Held slots are renewed every third of it.
     */
    @WithDefault("30s")
    Duration connectionLease();
}
