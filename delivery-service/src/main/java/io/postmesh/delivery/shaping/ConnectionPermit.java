package io.postmesh.delivery.shaping;

/**
 * One leased connection slot of a site for a source. The {@link Shaper} that granted it renews the lease while
 * the replica lives; give it back with {@link Shaper#release} when the connection closes.
 */
public record ConnectionPermit(Site site, String source, String leaseId) implements ConnectionDecision {
}
