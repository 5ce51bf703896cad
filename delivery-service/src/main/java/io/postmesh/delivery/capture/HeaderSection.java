package io.postmesh.delivery.capture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header fields of an RFC 5322 message, unfolded (§2.2.3: a CRLF followed by whitespace is removed),
 * in their order. Reading stops at the first empty line (§2.1: header section, empty line, body). Lines
 * that are no header field (no colon) are skipped rather than rejected: this is a viewer, not a validator.
 */
public final class HeaderSection {
    private HeaderSection() {}

    /** One header field. */
    public record Field(String name, String value) {}

    public static List<Field> parse(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        List<Field> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int pos = 0;
        while (pos < text.length()) {
            int end = text.indexOf('\n', pos);
            int next = end < 0 ? text.length() : end + 1;
            String line = text.substring(pos, end < 0 ? text.length() : end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = next;
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(line);
                continue;
            }
            if (name != null) {
                fields.add(new Field(name, value.toString().strip()));
                name = null;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                name = line.substring(0, colon).strip();
                value.setLength(0);
                value.append(line.substring(colon + 1));
            }
        }
        if (name != null) {
            fields.add(new Field(name, value.toString().strip()));
        }
        return fields;
    }
}
