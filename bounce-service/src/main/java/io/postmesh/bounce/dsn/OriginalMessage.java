package io.postmesh.bounce.dsn;

import java.io.ByteArrayOutputStream;

/** Byte-level views of the returned message: its header section, 8-bit content, line ends. */
final class OriginalMessage {
    private OriginalMessage() {}

    /**
     * The header section (RFC 5322 §2.1): everything up to and including the CRLF that ends the last
     * header field, without the empty line. A message without a body is all header section.
     */
    static byte[] headerSection(byte[] message) {
        if (message.length >= 2 && message[0] == '\r' && message[1] == '\n') {
            return new byte[0]; // no header fields at all
        }
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                byte[] out = new byte[i + 2];
                System.arraycopy(message, 0, out, 0, i + 2);
                return out;
            }
        }
        return message;
    }

    /** Whether any octet is outside US-ASCII, which makes a part 8bit rather than 7bit (RFC 2045 §2.7–2.8). */
    static boolean hasEightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bytes with every line ending in CRLF, including the last. Ingress stores CRLF already; this only
     * repairs a stray bare CR or LF so the DSN itself never carries one (RFC 5322 §2.3).
     */
    static byte[] crlfTerminated(byte[] bytes) {
        if (isCrlfClean(bytes)) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        byte[] fixed = out.toByteArray();
        return fixed.length == 0 || fixed[fixed.length - 1] == '\n' ? fixed : append(fixed);
    }

    private static boolean isCrlfClean(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                return false;
            }
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                return false;
            }
        }
        return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
    }

    private static byte[] append(byte[] bytes) {
        byte[] out = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        out[bytes.length] = '\r';
        out[bytes.length + 1] = '\n';
        return out;
    }

    /** Whether {@code needle} occurs in {@code haystack} (for boundary collision checks). */
    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
