package io.postmesh.loadgen.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Assembles reply lines into replies: {@code 250-...} continues a reply, {@code 250 ...} ends it (RFC 5321
 * §4.2.1). Not thread-safe; one per connection.
 */
public final class ReplyParser {
    private final List<String> pending = new ArrayList<>();

    /**
     * Feeds one line without its CRLF.
     *
     * @return the reply when the line completes one
     * @throws IllegalArgumentException when the line is not a reply line
     */
    public Optional<SmtpReply> line(String line) {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2))) {
            throw new IllegalArgumentException("not an SMTP reply line: " + abbreviate(line));
        }
        int code = Integer.parseInt(line.substring(0, 3));
        boolean more = line.length() > 3 && line.charAt(3) == '-';
        pending.add(line.length() > 4 ? line.substring(4) : "");
        if (more) {
            return Optional.empty();
        }
        SmtpReply reply = new SmtpReply(code, pending);
        pending.clear();
        return Optional.of(reply);
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
