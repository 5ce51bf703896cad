package io.postmesh.queue.control;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Operator control of the queue: suspend, resume, retry now, purge ({@code postmesh.queue.control.*}). */
@ConfigMapping(prefix = "postmesh.queue.control")
public interface ControlConfig {

    /**
     * How often each replica re-reads the rules from Redis. A rule changed through another replica takes
     * effect here within this interval; one changed through this replica takes effect at once.
     */
    @WithDefault("1s")
    Duration refresh();

    /** How long the startup read of the rules may take before startup fails (jobs must not move unruled). */
    @WithDefault("10s")
    Duration startupTimeout();

    /** Hold releaser: how long one idle poll of {@code mail.hold} waits; also bounds how late a trigger is seen. */
    @WithDefault("500ms")
    Duration holdPoll();
}
