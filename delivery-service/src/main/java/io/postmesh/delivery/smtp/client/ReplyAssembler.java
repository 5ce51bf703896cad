package io.postmesh.delivery.smtp.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Groups reply lines into replies (RFC 5321 §4.2.1): {@code 250-first}, {@code 250-more}, ...,
 * {@code 250 last}. A line whose fourth character is a space (or a bare three-digit code) ends the reply.
 */
public final class ReplyAssembler {
    /** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; a server flooding us is broken, not chatty. */
    static final int MAX_LINES = 100;

    private final List<String> pending = new ArrayList<>();

    /**
     * Adds one line (without CRLF).
     *
     * @return the complete reply if this line ended one
     * @throws IllegalArgumentException for a line that is not a reply line
     */
    public Optional<ServerReply> accept(String line) {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' '
                && line.charAt(3) != '-')) {
            throw new IllegalArgumentException("not an SMTP reply line: " + abbreviate(line));
        }
        if (!pending.isEmpty() && !pending.get(0).regionMatches(0, line, 0, 3)) {
            throw new IllegalArgumentException("reply code changed within a multi-line reply: " + abbreviate(line));
        }
        pending.add(line);
        if (line.length() > 3 && line.charAt(3) == '-') {
            if (pending.size() > MAX_LINES) {
                throw new IllegalArgumentException("reply longer than " + MAX_LINES + " lines");
            }
            return Optional.empty();
        }
        ServerReply reply = ServerReply.of(pending);
        pending.clear();
        return Optional.of(reply);
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
