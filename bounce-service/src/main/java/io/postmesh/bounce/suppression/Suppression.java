package io.postmesh.bounce.suppression;

import io.postmesh.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One entry of a tenant's suppression list. In Redis the address is the hash field and the rest is the JSON
 * value {@code {"reason": "...", "at": "<ISO instant>", "expiresAt": "<ISO instant>"?}} that the queue
 * service's {@code RedisSuppressionList} reads; {@link #toValue()} and {@link #fromValue} keep exactly that.
 *
 * @param address   the address in lower case
 * @param reason    why it is suppressed (shown in SUPPRESSED events)
 * @param at        when it was added
 * @param expiresAt when it stops suppressing, or null for never
 */
public record Suppression(String address, String reason, Instant at, Instant expiresAt) {

    /** The stored JSON value (address excluded: it is the field name). Nulls are omitted by {@link Json}. */
    record Value(String reason, Instant at, Instant expiresAt) {}

    public boolean activeAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    String toValue() {
        return new String(Json.write(new Value(reason, at, expiresAt)), StandardCharsets.UTF_8);
    }

    /** Reads a stored value; an unreadable one still suppresses (as the queue service treats it). */
    static Suppression fromValue(String address, String json) {
        try {
            Value v = Json.read(json.getBytes(StandardCharsets.UTF_8), Value.class);
            return new Suppression(address, v.reason() == null ? "suppressed" : v.reason(), v.at(), v.expiresAt());
        } catch (IllegalArgumentException e) {
            return new Suppression(address, "suppressed", null, null);
        }
    }
}
