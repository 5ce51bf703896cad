package io.postmesh.loadgen.sink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The sink's SMTP server side as a pure state machine: one line in, at most one reply out (RFC 5321 §4.1,
 * §4.3.2). It accepts any sender and recipient, so it stands in for a remote MX; a finished message is handed
 * to {@code deliver}, which returns the number quoted in the 250 reply. Dot-unstuffing per RFC 5321 §4.5.2;
 * the message body is scanned byte by byte instead of line by line, so a 100 KB message costs one copy.
 * Not thread-safe; one per connection.
 */
public final class SinkSession {

    /** The reply to send (null: none) and whether to close the connection after it. */
    public record Step(String reply, boolean close) {

        static Step reply(String text) {
            return new Step(text + "\r\n", false);
        }
    }

    /** A message as it arrived: the bytes after unstuffing and the number of recipients it was sent to. */
    public record Arrival(byte[] message, int recipients) {
    }

    private static final int MAX_LINE = 64 * 1024;

    /** Where the data scanner is relative to line starts and the end-of-data sequence. */
    private enum Scan { LINE_START, DOT, DOT_CR, MID, CR }

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private Scan scan = Scan.LINE_START;
    private final String hostname;
    private final ToLongFunction<Arrival> deliver;
    private boolean mail;
    private int recipients;
    private ByteArrayOutputStream data;

    public SinkSession(String hostname, ToLongFunction<Arrival> deliver) {
        this.hostname = hostname;
        this.deliver = deliver;
    }

    public String greeting() {
        return "220 " + hostname + " ESMTP postmesh-bench-sink\r\n";
    }

    /**
     * Feeds bytes as they came off the socket (any split). Returns the replies due, in order, concatenated into
     * one write (pipelined commands get their replies in one go, RFC 2920 §3.2), and whether to close.
     */
    public Step feed(byte[] chunk) {
        StringBuilder replies = new StringBuilder();
        for (int i = 0; i < chunk.length; i++) {
            if (data != null) {
                i = dataBytes(chunk, i, replies);
                continue;
            }
            byte b = chunk[i];
            if (line.size() >= MAX_LINE) {
                replies.append("500 5.5.6 Line too long\r\n");
                return new Step(replies.toString(), true);
            }
            line.write(b);
            if (b == '\n') {
                byte[] raw = line.toByteArray();
                line.reset();
                int length = raw.length >= 2 && raw[raw.length - 2] == '\r' ? raw.length - 2 : raw.length - 1;
                Step step = command(new String(raw, 0, length, StandardCharsets.ISO_8859_1));
                replies.append(step.reply());
                if (step.close()) {
                    return new Step(replies.toString(), true);
                }
            }
        }
        return new Step(replies.isEmpty() ? null : replies.toString(), false);
    }

    /**
     * Copies message bytes from {@code i}, unstuffing dots at line starts (RFC 5321 §4.5.2), until the end of
     * data ({@code CRLF . CRLF}, the first CRLF being the last line's own). Returns the index of the last byte
     * consumed.
     */
    private int dataBytes(byte[] chunk, int i, StringBuilder replies) {
        for (; i < chunk.length; i++) {
            byte b = chunk[i];
            switch (scan) {
                case LINE_START -> {
                    if (b == '.') {
                        scan = Scan.DOT;
                    } else {
                        plain(b);
                    }
                }
                case DOT -> {
                    if (b == '\r') {
                        scan = Scan.DOT_CR;
                    } else {
                        plain(b);
                    }
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        long number = deliver.applyAsLong(new Arrival(data.toByteArray(), recipients));
                        reset();
                        replies.append("250 2.0.0 Ok: queued as ").append(number).append("\r\n");
                        return i;
                    }
                    data.write('\r');
                    plain(b);
                }
                case CR -> {
                    data.write(b);
                    scan = b == '\n' ? Scan.LINE_START : b == '\r' ? Scan.CR : Scan.MID;
                }
                default -> plain(b);
            }
        }
        return i;
    }

    private void plain(byte b) {
        data.write(b);
        scan = b == '\r' ? Scan.CR : Scan.MID;
    }

    private Step command(String command) {
        String verb = (command.length() >= 4 ? command.substring(0, 4) : command).toUpperCase(Locale.ROOT);
        switch (verb) {
            case "EHLO":
                reset();
                return new Step("250-" + hostname + "\r\n250-PIPELINING\r\n250-SIZE 209715200\r\n"
                        + "250-8BITMIME\r\n250 ENHANCEDSTATUSCODES\r\n", false);
            case "HELO":
                reset();
                return Step.reply("250 " + hostname);
            case "MAIL":
                if (mail) {
                    return Step.reply("503 5.5.1 Error: nested MAIL command");
                }
                mail = true;
                return Step.reply("250 2.1.0 Ok");
            case "RCPT":
                if (!mail) {
                    return Step.reply("503 5.5.1 Error: need MAIL command");
                }
                recipients++;
                return Step.reply("250 2.1.5 Ok");
            case "DATA":
                if (recipients == 0) {
                    return Step.reply("503 5.5.1 Error: need RCPT command");
                }
                data = new ByteArrayOutputStream(8192);
                scan = Scan.LINE_START;
                return Step.reply("354 End data with <CR><LF>.<CR><LF>");
            case "RSET":
                reset();
                return Step.reply("250 2.0.0 Ok");
            case "NOOP":
                return Step.reply("250 2.0.0 Ok");
            case "VRFY":
                return Step.reply("252 2.0.0 Send some mail, I'll try my best");
            case "QUIT":
                return new Step("221 2.0.0 Bye\r\n", true);
            default:
                return Step.reply("502 5.5.2 Error: command not recognized");
        }
    }

    private void reset() {
        mail = false;
        recipients = 0;
        data = null;
    }
}
