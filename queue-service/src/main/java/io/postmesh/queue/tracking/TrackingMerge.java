package io.postmesh.queue.tracking;

import io.postmesh.model.MailEvent;

/**
 * Folds one event into a recipient's tracking state. Events arrive at least once and, across producers
 * (queue, delivery), not always in order, so the merge is idempotent and order-tolerant:
 * <ul>
 *   <li>{@code accepted} (written when the job is queued) yields to any event;</li>
 *   <li>a non-terminal event never replaces a terminal state (a late DEFERRED does not undo DELIVERED);</li>
 *   <li>a terminal event replaces any non-terminal state;</li>
 *   <li>otherwise the event with the later time wins (ties: the incoming one, so duplicates are no-ops);</li>
 *   <li>{@code attempts} is the highest attempt number seen, whichever event wins.</li>
 * </ul>
 */
public final class TrackingMerge {
    private TrackingMerge() {}

    /** The result: the state to store, and whether this event moved the recipient into a terminal state. */
    public record Result(RecipientState state, boolean changed, boolean becameTerminal) {}

    public static Result apply(RecipientState current, MailEvent event) {
        TrackStatus incoming = TrackStatus.of(event.type());
        if (incoming == null) {
            return new Result(current, false, false);
        }
        RecipientState candidate = new RecipientState(incoming,
                Math.max(event.attempt(), current == null ? 0 : current.attempts()),
                event.reply(), event.remoteMta(), event.time());
        if (current == null) {
            return new Result(candidate, true, incoming.terminal());
        }
        if (wins(current, incoming, event)) {
            RecipientState next = new RecipientState(incoming, candidate.attempts(),
                    event.reply() != null ? event.reply() : current.lastReply(),
                    event.remoteMta() != null ? event.remoteMta() : current.remoteMta(), event.time());
            return new Result(next, !next.equals(current), incoming.terminal() && !current.status().terminal());
        }
        if (candidate.attempts() > current.attempts()) {
            RecipientState next = new RecipientState(current.status(), candidate.attempts(), current.lastReply(),
                    current.remoteMta(), current.updatedAt());
            return new Result(next, true, false);
        }
        return new Result(current, false, false);
    }

    private static boolean wins(RecipientState current, TrackStatus incoming, MailEvent event) {
        if (current.status() == TrackStatus.ACCEPTED) {
            return true;
        }
        if (current.status().terminal() != incoming.terminal()) {
            return incoming.terminal();
        }
        return current.updatedAt() == null || event.time() == null || !event.time().isBefore(current.updatedAt());
    }
}
