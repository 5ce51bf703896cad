package io.postmesh.ingress.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The "relaxed" canonicalization of RFC 6376 §3.4.2 (header fields) and §3.4.4 (body), which tolerates
 * the whitespace and folding changes mail commonly suffers in transit. Pure.
 */
public final class RelaxedCanonicalization {
    private static final byte[] CRLF = {'\r', '\n'};

    private RelaxedCanonicalization() {}

    /**
     * §3.4.2: the name in lower case, unfolded, every run of WSP a single SP, no WSP at the end of the value
     * nor around the colon; {@code name:value} followed by CRLF.
     *
     * @param rawField the field as in the message (name, colon, value, CRLFs of continuation lines)
     */
    public static String header(byte[] rawField) {
        String field = new String(rawField, StandardCharsets.UTF_8);
        int colon = field.indexOf(':');
        String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = field.substring(colon + 1)
                .replaceAll("\r?\n", "")
                .replaceAll("[ \t]+", " ")
                .strip();
        return name + ":" + value + "\r\n";
    }

    /**
     * §3.4.4: the SHA-256 of the body from {@code offset}: WSP at line ends removed, runs of WSP reduced to
     * one SP, empty lines at the end ignored, a final CRLF added to a non-empty body that lacks one; an empty
     * body hashes as the empty string. Streams over the body without copying it.
     */
    public static byte[] bodyHash(byte[] message, int offset, MessageDigest sha256) {
        int pendingEmptyLines = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        int pos = offset;
        while (pos < message.length) {
            int end = pos;
            while (end < message.length && message[end] != '\n') {
                end++;
            }
            int contentEnd = end;
            if (contentEnd > pos && contentEnd <= message.length && end < message.length
                    && message[contentEnd - 1] == '\r') {
                contentEnd--;
            }
            canonicalLine(message, pos, contentEnd, line);
            if (line.size() == 0) {
                pendingEmptyLines++;
            } else {
                for (; pendingEmptyLines > 0; pendingEmptyLines--) {
                    sha256.update(CRLF);
                }
                sha256.update(line.toByteArray());
                sha256.update(CRLF);
            }
            line.reset();
            pos = end < message.length ? end + 1 : end;
        }
        return sha256.digest();
    }

    /** One body line without its line end: runs of WSP become one SP, trailing WSP goes. */
    private static void canonicalLine(byte[] m, int from, int to, ByteArrayOutputStream out) {
        boolean inWsp = false;
        for (int i = from; i < to; i++) {
            byte b = m[i];
            if (b == ' ' || b == '\t') {
                inWsp = true;
            } else {
                if (inWsp) {
                    out.write(' ');
                    inWsp = false;
                }
                out.write(b);
            }
        }
    }
}
