package io.postmesh.ingress.processing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Message processing before the hand-off ({@code postmesh.ingress.processing.*}). */
@ConfigMapping(prefix = "postmesh.ingress.processing")
public interface ProcessingConfig {

    /**
     * Most Received fields a message may carry (ours included) before it is refused as a loop with
     * {@code 554 5.4.6}; RFC 5321 §6.3 asks for at least 100.
     */
    @WithDefault("100")
    int maxReceivedHeaders();
}
