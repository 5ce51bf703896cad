package io.postmesh.ingress.smtp.protocol;

/** How the DATA phase ended: refused with a reply, or complete and ready for the hand-off. */
public sealed interface DataEnd {

    /** The data was refused (too big, bare line endings); the reply says why. */
    record Refused(Reply reply) implements DataEnd {}

    /** A BDAT chunk was taken (or discarded after an error); the reply says which, the session goes on. */
    record Chunk(Reply reply) implements DataEnd {}

    /** The data is complete; the transport hands it off and reports back to the session. */
    record Complete(AcceptedMessage message) implements DataEnd {}
}
