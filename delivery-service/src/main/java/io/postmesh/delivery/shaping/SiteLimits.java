package io.postmesh.delivery.shaping;

import java.util.List;

/**
 * The limits of one destination site, applied per egress source.
 *
 * @param maxConnections              concurrent connections to the site, across all delivery replicas
 * @param messageRates                every rate must allow a message before it is sent (e.g. 20/s and 10000/h)
 * @param maxRecipientsPerTransaction RCPT TO commands per transaction; the transport splits larger jobs
 */
public record SiteLimits(int maxConnections, List<ThrottleSpec> messageRates, int maxRecipientsPerTransaction) {

    public SiteLimits {
        if (maxConnections < 1 || maxRecipientsPerTransaction < 1) {
            throw new IllegalArgumentException("max-connections and max-recipients-per-transaction must be at least 1");
        }
        messageRates = List.copyOf(messageRates);
    }
}
