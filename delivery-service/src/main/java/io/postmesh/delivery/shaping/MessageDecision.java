package io.postmesh.delivery.shaping;

/** The answer to {@link Shaper#acquireMessage}: {@link Send}, or {@link HeldBack}. */
public sealed interface MessageDecision permits MessageDecision.Send, HeldBack {

    /** The message may be sent now; its slot in every rate is already taken. */
    record Send() implements MessageDecision {
    }
}
