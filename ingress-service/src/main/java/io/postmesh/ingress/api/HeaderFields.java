package io.postmesh.ingress.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits the header section of a CRLF message into its fields (RFC 5322 §2.2), each with its folded
 * continuation lines and final CRLF, as ISO-8859-1 text so that the bytes come back unchanged. Pure.
 */
final class HeaderFields {
    private HeaderFields() {}

    /**
     * The fields, in order. A message must start with a header field; a line that is neither a field nor a
     * continuation before the empty line is refused, since downstream parsers would disagree on where the
     * body starts.
     */
    static List<String> split(byte[] message) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        int pos = 0;
        int lineNo = 0;
        while (pos < message.length) {
            int end = lineEnd(message, pos);
            lineNo++;
            if (end == pos) {
                break; // the empty line that ends the header section
            }
            String line = new String(message, pos, end - pos, StandardCharsets.ISO_8859_1);
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && current != null) {
                current.append(line).append("\r\n");
            } else if (!continuation && isField(line)) {
                if (current != null) {
                    fields.add(current.toString());
                }
                current = new StringBuilder(line).append("\r\n");
            } else {
                throw ProblemException.badRequest("body", lineNo == 1 ? "no-header-section" : "bad-header-line",
                        "line " + lineNo + " is not a header field (RFC 5322 §2.2)");
            }
            pos = Math.min(message.length, end + 2);
        }
        if (current != null) {
            fields.add(current.toString());
        }
        return fields;
    }

    /** Bytes taken by the fields (the empty line and body follow). */
    static int sectionLength(List<String> fields) {
        int n = 0;
        for (String f : fields) {
            n += f.length();
        }
        return n;
    }

    /** The field name in lower case. */
    static String name(String field) {
        return field.substring(0, field.indexOf(':')).strip().toLowerCase(Locale.ROOT);
    }

    /** The unfolded, trimmed value. */
    static String value(String field) {
        return field.substring(field.indexOf(':') + 1).replace("\r\n", "").strip();
    }

    private static boolean isField(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = line.charAt(i);
            // field-name = 1*ftext (%d33-57 / %d59-126); obs-syntax allows white space before the colon
            if ((c < 33 || c > 126) && !(c == ' ' || c == '\t') || i == 0 && c == ' ') {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] m, int from) {
        int i = from;
        while (i < m.length && m[i] != '\r') {
            i++;
        }
        return i;
    }
}
