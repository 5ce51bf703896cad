package io.postmesh.queue.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** How the queue service turns accepted mail into delivery jobs ({@code postmesh.queue.scheduling.*}). */
@ConfigMapping(prefix = "postmesh.queue.scheduling")
public interface SchedulingConfig {

    /**
     * Partition keys per destination. A destination with N shards has its jobs keyed
     * {@code destination#0..N-1} (by queue id), so a very large destination is spread over several partitions
     * and consumers instead of being pinned to one; all others are keyed by the destination alone so that
     * their jobs meet one consumer (connection reuse). Example: {@code postmesh.queue.scheduling.shards."gmail.com"=8}.
     */
    Map<String, Integer> shards();

    /** Header of the message that names its campaign (the campaign part of {@code campaign:tenant@domain}). */
    @WithDefault("X-Postmesh-Campaign")
    String campaignHeader();

    /** Header of the message that asks for a lane: {@code transactional} or {@code bulk}. */
    @WithDefault("X-Postmesh-Lane")
    String laneHeader();

    /** Lane per tenant, used when the message names none, e.g. {@code tenant-lanes.billing=transactional}. */
    Map<String, String> tenantLanes();

    /** Lane of mail that names none and whose tenant has no setting. */
    @WithDefault("bulk")
    String defaultLane();

    /** Per-tenant message quotas ({@code quotas.acme.daily=10000}); tenants without an entry are unlimited. */
    Map<String, Quota> quotas();

    interface Quota {
        /** Messages per UTC day. */
        Optional<Long> daily();

        /** Messages per UTC month. */
        Optional<Long> monthly();

        /** What happens to mail over quota: {@code defer} (held back until the next period) or {@code reject}. */
        @WithDefault("defer")
        String policy();
    }
}
