package io.postmesh.loadgen.message;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads what the sink received: the bench id, the send time, and whether the body is exactly what the
 * generator sent (checksum, length, and the id repeated on the body's first line).
 */
public final class BenchMessageCheck {

    public enum Integrity { INTACT, CORRUPT, NOT_BENCH }

    /** {@code sentMicros} is -1 when the header is missing or unreadable. */
    public record Result(String id, long sentMicros, Integrity integrity, String problem) {
    }

    private BenchMessageCheck() {
    }

    /** Checks one message as received (after dot-unstuffing), header section and body. */
    public static Result check(byte[] message) {
        int split = indexOf(message, new byte[] {'\r', '\n', '\r', '\n'});
        if (split < 0) {
            return new Result(null, -1, Integrity.NOT_BENCH, "no end of header section");
        }
        String head = new String(message, 0, split + 2, StandardCharsets.ISO_8859_1);
        String id = field(head, BenchHeaders.ID);
        if (id == null) {
            return new Result(null, -1, Integrity.NOT_BENCH, "no " + BenchHeaders.ID);
        }
        long sent = parseLong(field(head, BenchHeaders.SENT));
        String sum = field(head, BenchHeaders.SUM);
        int bodyStart = split + 4;
        int bodyLength = message.length - bodyStart;
        if (sum == null) {
            return new Result(id, sent, Integrity.CORRUPT, "no " + BenchHeaders.SUM);
        }
        CRC32C crc = new CRC32C();
        crc.update(message, bodyStart, bodyLength);
        String actual = BenchHeaders.sum(crc.getValue(), bodyLength);
        if (!actual.equalsIgnoreCase(sum)) {
            return new Result(id, sent, Integrity.CORRUPT, "body " + actual + ", header says " + sum);
        }
        byte[] expectedFirst = (BenchHeaders.BODY_ID_PREFIX + id + "\r\n").getBytes(StandardCharsets.US_ASCII);
        if (!startsWith(message, bodyStart, expectedFirst)) {
            return new Result(id, sent, Integrity.CORRUPT, "body belongs to another message");
        }
        return new Result(id, sent, Integrity.INTACT, null);
    }

    /** The unfolded value of the first header field {@code name} (RFC 5322 §2.2, case-insensitive), or null. */
    static String field(String head, String name) {
        int from = 0;
        while (from < head.length()) {
            int eol = head.indexOf("\r\n", from);
            if (eol < 0) {
                eol = head.length();
            }
            if (head.regionMatches(true, from, name, 0, name.length())
                    && head.length() > from + name.length() && head.charAt(from + name.length()) == ':') {
                StringBuilder value = new StringBuilder(head.substring(from + name.length() + 1, eol));
                int next = eol + 2;
                while (next < head.length() && (head.charAt(next) == ' ' || head.charAt(next) == '\t')) {
                    int e = head.indexOf("\r\n", next);
                    e = e < 0 ? head.length() : e;
                    value.append(head, next, e);
                    next = e + 2;
                }
                return value.toString().trim();
            }
            from = eol + 2;
        }
        return null;
    }

    private static long parseLong(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
