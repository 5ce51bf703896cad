package io.postmesh.ingress.processing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header section of a stored message, split into its fields (RFC 5322 §2.2), without copying the body.
 * Lines end in CRLF (ingress refuses bare CR and LF in DATA); a lone LF is tolerated as a line end so that
 * a message from another entry point cannot make the parser run into the body.
 *
 * <p>The header section ends at the first empty line (§2.1); a line that is neither a field nor a
 * continuation (no colon) also ends it, as Postfix's cleanup treats it, so everything after it is body.
 */
public final class HeaderSection {

    /**
     * One header field exactly as it appears in the message.
     *
     * @param name  the field name as written (case preserved)
     * @param start offset of the field's first byte in the message
     * @param end   offset just past the field's last CRLF (continuation lines included)
     */
    public record Field(String name, int start, int end) {
        /** Whether the field has this name; field names compare case-insensitively (RFC 5322 §1.2.2). */
        public boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    private final byte[] message;
    private final List<Field> fields;
    private final int headerEnd;
    private final int bodyStart;

    private HeaderSection(byte[] message, List<Field> fields, int headerEnd, int bodyStart) {
        this.message = message;
        this.fields = List.copyOf(fields);
        this.headerEnd = headerEnd;
        this.bodyStart = bodyStart;
    }

    public static HeaderSection parse(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        while (pos < message.length) {
            int lineEnd = nextLine(message, pos);
            if (isEmptyLine(message, pos, lineEnd)) {
                return new HeaderSection(message, fields, pos, lineEnd);
            }
            int colon = indexOf(message, pos, lineEnd, (byte) ':');
            if (colon <= pos || message[pos] == ' ' || message[pos] == '\t') {
                // Not a field (a stray continuation or a line without a colon): the body starts here.
                return new HeaderSection(message, fields, pos, pos);
            }
            int end = lineEnd;
            while (end < message.length && (message[end] == ' ' || message[end] == '\t')) {
                end = nextLine(message, end);
            }
            String name = new String(message, pos, colon - pos, StandardCharsets.US_ASCII).strip();
            fields.add(new Field(name, pos, end));
            pos = end;
        }
        return new HeaderSection(message, fields, message.length, message.length);
    }

    /** The fields in message order (top first). */
    public List<Field> fields() {
        return fields;
    }

    /** Offset just past the last header field: where a field appended to the header section goes. */
    public int headerEnd() {
        return headerEnd;
    }

    /** Offset of the body's first byte (after the empty line), or the message length when there is none. */
    public int bodyStart() {
        return bodyStart;
    }

    /** Whether the header section ended at an empty line (so a body, possibly empty, follows it). */
    public boolean hasSeparator() {
        return bodyStart > headerEnd;
    }

    public long count(String name) {
        return fields.stream().filter(f -> f.is(name)).count();
    }

    public Optional<Field> first(String name) {
        return fields.stream().filter(f -> f.is(name)).findFirst();
    }

    /** The raw bytes of a field: name, colon, value and every CRLF, continuation lines included. */
    public byte[] raw(Field field) {
        byte[] out = new byte[field.end() - field.start()];
        System.arraycopy(message, field.start(), out, 0, out.length);
        return out;
    }

    /** The field's value unfolded (RFC 5322 §2.2.3) and stripped, decoded as UTF-8 (RFC 6532). */
    public String value(Field field) {
        int colon = indexOf(message, field.start(), field.end(), (byte) ':');
        String value = new String(message, colon + 1, field.end() - colon - 1, StandardCharsets.UTF_8);
        return value.replaceAll("\r?\n", "").strip();
    }

    /** The lower-case value of the first field called {@code name}, unfolded, if there is one. */
    public Optional<String> firstValue(String name) {
        return first(name).map(this::value);
    }

    private static int nextLine(byte[] m, int from) {
        int i = from;
        while (i < m.length && m[i] != '\n') {
            i++;
        }
        return i < m.length ? i + 1 : i;
    }

    private static boolean isEmptyLine(byte[] m, int start, int end) {
        int len = end - start;
        return (len == 2 && m[start] == '\r' && m[start + 1] == '\n') || (len == 1 && m[start] == '\n');
    }

    private static int indexOf(byte[] m, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (m[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
