package io.postmesh.ingress.smtp.protocol;

import io.postmesh.ingress.smtp.protocol.SmtpSession.State;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a session does while its listener drains on shutdown. RFC 5321 §3.8: a server that must shut down
 * answers 421 and closes; we do that at a point where no mail can be lost. A message whose data is being
 * received or handed to Kafka finishes and gets its 250 (or its 451), since cutting it off would make the client
 * send it again. Everything else ends at once with {@code 421 4.3.2} (RFC 3463 §3.5 X.3.2, "system not accepting
 * network messages"): the client keeps the mail it holds and tries again, most likely another replica.
 *
 * <p>Pure decisions on the session's {@link State}; the transport writes the reply and closes the socket.
 */
public final class DrainPolicy {

    /** What the transport does with a session when the drain starts. */
    public enum Step {
        /** The session waits for a command line of the client: reply 421 4.3.2 now and close. */
        CLOSE_NOW,
        /**
         * The session is busy: message data is being read or handed off, or we owe the client a reply (AUTH or
         * rate check, TLS handshake). Let it finish; {@link #refuses} decides at its next command.
         */
        LET_FINISH
    }

    private DrainPolicy() {}

    /** The step for a session in {@code state} at the moment the drain starts. */
    public static Step atDrainStart(State state) {
        return switch (state) {
            // Waiting for a command (or for the next line of a SASL exchange, RFC 4954 §4): nothing of a message
            // has been received, so nothing is lost. START covers a session still before its greeting, which
            // gets the 421 instead of the 220 (RFC 5321 §3.1).
            case START, READY, MAIL, RCPT, AUTH -> Step.CLOSE_NOW;
            // BDAT: between the chunks of one message (RFC 3030 §2): it is part-received, like DATA.
            case DATA, CHUNK, HANDOFF, BDAT -> Step.LET_FINISH;
            // A reply is owed; writing 421 now would cross it. CLOSED: the transport is already closing.
            case AUTH_PENDING, MAIL_PENDING, TLS_PENDING, CLOSED -> Step.LET_FINISH;
        };
    }

    /**
     * Whether a command line that arrives while draining gets 421 4.3.2 (and the connection closes) instead of
     * being served. Served are only the commands that complete the message under way (the next BDAT chunk) and
     * QUIT, whose 221 ends the session just as well.
     */
    public static boolean refuses(State state, byte[] line) {
        String verb = verb(line);
        if (verb.equals("QUIT")) {
            return false;
        }
        return !(state == State.BDAT && verb.equals("BDAT"));
    }

    /** The reply that ends a session (or refuses a connection) while draining. */
    public static Reply shuttingDown(String hostname) {
        return Reply.of(421, "4.3.2", hostname + " Service shutting down, closing transmission channel")
                .then(Reply.Action.CLOSE);
    }

    /** The command verb, upper-cased; the line is not validated here (it is refused or parsed by the session). */
    private static String verb(byte[] line) {
        int end = 0;
        while (end < line.length && end < 8 && line[end] != ' ') {
            end++;
        }
        return new String(line, 0, end, StandardCharsets.US_ASCII).strip().toUpperCase(Locale.ROOT);
    }
}
