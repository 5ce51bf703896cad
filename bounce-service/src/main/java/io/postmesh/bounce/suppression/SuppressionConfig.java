package io.postmesh.bounce.suppression;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** When bounces and complaints put an address on its tenant's suppression list ({@code postmesh.bounce.suppression.*}). */
@ConfigMapping(prefix = "postmesh.bounce.suppression")
public interface SuppressionConfig {

    /** Soft bounces (a permanent failure the classifier calls SOFT, e.g. 5.2.2 mailbox full) that suppress. */
    @WithDefault("5")
    int softThreshold();

    /** The window the soft bounces must fall in; older ones are forgotten. */
    @WithDefault("7d")
    Duration softWindow();

    /** How long a suppression caused by soft bounces lasts: the condition (a full mailbox) may clear. */
    @WithDefault("30d")
    Duration softTtl();

    /** How long a suppression caused by a hard bounce lasts; unset = until removed through the API. */
    Optional<Duration> hardTtl();

    /** How long a suppression caused by a feedback-loop complaint lasts; unset = until removed. */
    Optional<Duration> complaintTtl();
}
