package io.postmesh.ingress.processing;

import io.postmesh.model.SmtpReply;

/** What processing made of a message: the bytes to hand off, or the reply that refuses it. */
public sealed interface ProcessingOutcome {

    /** The message goes on to Kafka with these bytes (headers added, DKIM-signed, as configured). */
    record Accepted(byte[] content) implements ProcessingOutcome {}

    /** The message is refused; the client gets this reply (4xx: it may try again later; 5xx: never). */
    record Rejected(SmtpReply reply) implements ProcessingOutcome {}
}
