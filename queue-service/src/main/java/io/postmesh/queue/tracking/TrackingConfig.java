package io.postmesh.queue.tracking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Message tracking and campaign reports built from {@code mail.events} ({@code postmesh.queue.tracking.*}). */
@ConfigMapping(prefix = "postmesh.queue.tracking")
public interface TrackingConfig {

    /**
     * How long a message's tracking entry ({@code pm:track:<queueId>}) and its duplicate filter
     * ({@code pm:seen:<queueId>}) live after its last event. Should outlast the queue's maximum age.
     */
    @WithDefault("7d")
    Duration retention();

    /** How long an hourly campaign report bucket ({@code pm:report:...}) lives; also the widest report window. */
    @WithDefault("35d")
    Duration reportRetention();
}
