package io.postmesh.queue.tracking;

import io.postmesh.model.MailEvent.EventType;
import java.util.Locale;

/** Where one recipient of a message stands, as the tracking API shows it. */
public enum TrackStatus {
    ACCEPTED(false), DEFERRED(false), HELD(false),
    DELIVERED(true), BOUNCED(true), SUPPRESSED(true), EXPIRED(true), PURGED(true);

    private final boolean terminal;

    TrackStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** No further event moves a recipient out of a terminal state (except a newer terminal one). */
    public boolean terminal() {
        return terminal;
    }

    /** The status an event puts its recipient in, or null for events that do not change it (DELAYED, ...). */
    public static TrackStatus of(EventType type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case DELIVERED -> DELIVERED;
            case DEFERRED -> DEFERRED;
            case BOUNCED -> BOUNCED;
            case SUPPRESSED -> SUPPRESSED;
            case EXPIRED -> EXPIRED;
            case HELD -> HELD;
            case PURGED -> PURGED;
            // ACCEPTED is about the message; DELAYED (a delay notice), QUOTA_EXCEEDED and COMPLAINED (after
            // delivery, from a feedback loop) leave the status be.
            case ACCEPTED, DELAYED, QUOTA_EXCEEDED, COMPLAINED -> null;
        };
    }

    /** Lower-case name used in JSON and Redis. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
