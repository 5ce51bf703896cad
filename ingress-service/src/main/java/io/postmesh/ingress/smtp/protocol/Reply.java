package io.postmesh.ingress.smtp.protocol;

import io.postmesh.model.SmtpReply;
import java.util.List;

/**
 * One reply of the server (RFC 5321 §4.2), possibly multi-line, with what the transport must do after
 * writing it. Handlers return replies; only the transport writes them to a socket.
 *
 * @param code     three-digit reply code
 * @param enhanced RFC 3463 enhanced status code, or null where none applies (the 220 greeting, the EHLO
 *                 reply whose lines are keywords, and 354, whose class 3 RFC 3463 §3.1 does not define)
 * @param lines    text of each line (at least one)
 * @param action   what the connection does once the reply is written
 */
public record Reply(int code, String enhanced, List<String> lines, Action action) {

    /** What the transport does after writing the reply. */
    public enum Action {
        /** Keep reading commands. */
        CONTINUE,
        /** Close the connection once the reply is flushed. */
        CLOSE,
        /** Upgrade to TLS once the reply is flushed (RFC 3207 §4). */
        START_TLS,
        /** Do not write this reply: check {@link SmtpSession#pendingCredentials()}, then report the outcome. */
        AUTHENTICATE,
        /** Do not write this reply: read {@link SmtpSession#chunkRemaining()} octets of BDAT data first. */
        READ_CHUNK,
        /**
         * Do not write this reply: take a token of {@link SmtpSession#tenant()}'s message rate, then report the
         * outcome to {@link SmtpSession#rateChecked}.
         */
        CHECK_RATE
    }

    public Reply {
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        lines = List.copyOf(lines);
        action = action == null ? Action.CONTINUE : action;
    }

    public static Reply of(int code, String enhanced, String text) {
        return new Reply(code, enhanced, List.of(text), Action.CONTINUE);
    }

    public static Reply multiline(int code, List<String> lines) {
        return new Reply(code, null, lines, Action.CONTINUE);
    }

    public Reply then(Action next) {
        return new Reply(code, enhanced, lines, next);
    }

    /** Whether this reply reports an error (4xx or 5xx). */
    public boolean isError() {
        return code >= 400;
    }

    /** The reply as written on the wire, each line ending in CRLF (RFC 5321 §4.2.1 multi-line form). */
    public String wire() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhanced != null) {
                out.append(enhanced).append(' ');
            }
            out.append(lines.get(i)).append("\r\n");
        }
        return out.toString();
    }

    /** The model form, for span attributes and events. */
    public SmtpReply toSmtpReply() {
        return new SmtpReply(code, enhanced, String.join(" ", lines));
    }

    /** The first line as on the wire, without CRLF: {@code 250 2.0.0 Ok}. */
    @Override
    public String toString() {
        return toSmtpReply().toString();
    }
}
