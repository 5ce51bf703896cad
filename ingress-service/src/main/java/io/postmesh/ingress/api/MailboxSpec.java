package io.postmesh.ingress.api;

import io.postmesh.ingress.smtp.protocol.Mailbox;
import io.postmesh.ingress.smtp.protocol.PathParser;
import io.postmesh.ingress.smtp.protocol.SmtpSyntaxException;

/**
 * One address as a JSON client writes it: {@code alice@example.test} or {@code Alice <alice@example.test>}
 * (an RFC 5322 §3.4 name-addr without groups or comments). The address itself must be a mailbox that SMTP can
 * carry, so it is checked with the same {@link PathParser} as RCPT TO: what the API accepts, the envelope and
 * every later hop accept too. Pure.
 *
 * @param displayName the display name, unquoted, or null
 * @param mailbox     the checked mailbox
 */
public record MailboxSpec(String displayName, Mailbox mailbox) {

    /** Parses {@code text}; {@code field} names the input in the error (e.g. {@code to[2]}). */
    public static MailboxSpec parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest(field, "missing-address", field + " is empty");
        }
        if (text.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw ProblemException.badRequest(field, "bad-address", field + " contains a line break");
        }
        String s = text.strip();
        String name = null;
        String address = s;
        if (s.endsWith(">")) {
            int open = s.lastIndexOf('<');
            if (open < 0) {
                throw bad(field, text);
            }
            address = s.substring(open + 1, s.length() - 1).strip();
            name = unquote(s.substring(0, open).strip());
        }
        try {
            Mailbox mailbox = PathParser.forwardPath().mailbox(address);
            return new MailboxSpec(name == null || name.isEmpty() ? null : name, mailbox);
        } catch (SmtpSyntaxException e) {
            throw bad(field, text);
        }
    }

    /** The mailbox as it travels in the envelope. */
    public String address() {
        return mailbox.address();
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return name;
    }

    private static ProblemException bad(String field, String text) {
        return ProblemException.badRequest(field, "bad-address",
                field + " is not a valid mailbox (RFC 5321 §4.1.2): " + text);
    }
}
