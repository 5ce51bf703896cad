package io.postmesh.ingress.smtp.protocol;

/** The result of checking {@link SaslCredentials}; the transport hands it back to the session. */
public sealed interface AuthOutcome {

    /** The password matched: the session is authenticated as {@code username}, accounted to {@code tenant}. */
    record Success(String username, String tenant) implements AuthOutcome {}

    /** Wrong user name or password (RFC 4954 §6: 535 5.7.8). */
    record Failed() implements AuthOutcome {}

    /** This client failed too often; it may try again later (454 4.7.0), the credentials were not checked. */
    record Throttled() implements AuthOutcome {}

    /** This failure reached the limit: 421 4.7.0 and the connection closes. */
    record Locked() implements AuthOutcome {}

    /** The credential store could not answer (454 4.7.0, temporary). */
    record Unavailable() implements AuthOutcome {}
}
