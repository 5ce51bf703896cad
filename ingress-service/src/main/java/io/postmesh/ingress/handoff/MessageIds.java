package io.postmesh.ingress.handoff;

import java.nio.charset.StandardCharsets;

/** Finds the Message-ID header (RFC 5322 §3.6.4) in the header section of a stored message. */
public final class MessageIds {
    private MessageIds() {}

    /**
     * The unfolded, trimmed value of the first Message-ID field in the header section, or null.
     * The header section ends at the first empty line (RFC 5322 §2.1).
     */
    public static String find(byte[] message) {
        int pos = 0;
        while (pos < message.length) {
            int end = lineEnd(message, pos);
            if (end == pos) {
                return null;  // empty line: end of the header section
            }
            if (startsWithIgnoreCase(message, pos, end, "message-id:")) {
                StringBuilder value = new StringBuilder(text(message, pos + 11, end));
                int next = skipCrlf(message, end);
                // Folded continuation lines start with white space (RFC 5322 §2.2.3).
                while (next < message.length && (message[next] == ' ' || message[next] == '\t')) {
                    int e = lineEnd(message, next);
                    value.append(text(message, next, e));
                    next = skipCrlf(message, e);
                }
                String v = value.toString().strip();
                return v.isEmpty() ? null : v;
            }
            pos = skipCrlf(message, end);
        }
        return null;
    }

    private static int lineEnd(byte[] m, int from) {
        int i = from;
        while (i < m.length && m[i] != '\r' && m[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int skipCrlf(byte[] m, int at) {
        if (at < m.length && m[at] == '\r') {
            at++;
        }
        if (at < m.length && m[at] == '\n') {
            at++;
        }
        return at;
    }

    private static boolean startsWithIgnoreCase(byte[] m, int from, int end, String prefix) {
        if (end - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase((char) m[from + i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] m, int from, int end) {
        return new String(m, from, end - from, StandardCharsets.UTF_8);
    }
}
