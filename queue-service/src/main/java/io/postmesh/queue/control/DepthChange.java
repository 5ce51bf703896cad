package io.postmesh.queue.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change of the queue depth: {@code delta} recipients of one tenant, destination and lane, applied with
 * HINCRBY to the three hashes {@code pm:depth:destination}, {@code pm:depth:tenant} and {@code pm:depth:lane}.
 * A value that is not known (null) is not counted in its hash. Writers that touch Redis for the same message
 * anyway (message tracking) carry the change in their own round trip.
 */
public record DepthChange(String tenant, String destination, String lane, long delta) {
    public static final String BY_DESTINATION = "pm:depth:destination";
    public static final String BY_TENANT = "pm:depth:tenant";
    public static final String BY_LANE = "pm:depth:lane";

    /** No change at all. */
    public static final DepthChange NONE = new DepthChange(null, null, null, 0);

    /** Hash → field to increment by {@link #delta()}; empty when there is nothing to count. */
    public Map<String, String> increments() {
        Map<String, String> out = new LinkedHashMap<>();
        if (delta == 0) {
            return out;
        }
        if (destination != null) {
            out.put(BY_DESTINATION, destination);
        }
        if (tenant != null) {
            out.put(BY_TENANT, tenant);
        }
        if (lane != null) {
            out.put(BY_LANE, lane);
        }
        return out;
    }
}
