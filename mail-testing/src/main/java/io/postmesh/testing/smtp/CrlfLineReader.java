package io.postmesh.testing.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines that end with CRLF, and only CRLF: RFC 5321 §2.3.8 says a bare LF or CR is not a
 * line end, so it stays part of the line (and of the message data).
 */
final class CrlfLineReader {
    /** Far above the RFC 5321 §4.5.3.1.6 limit of 1000 octets, so lenient clients still pass. */
    private static final int MAX_LINE = 1 << 20;

    private final InputStream in;
    private byte[] buffer = new byte[256];

    CrlfLineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its CRLF, or {@code null} if the stream ended before a CRLF. */
    byte[] readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (length == buffer.length) {
                if (length >= MAX_LINE) {
                    throw new IOException("line longer than " + MAX_LINE + " octets");
                }
                buffer = Arrays.copyOf(buffer, length * 2);
            }
            buffer[length++] = (byte) b;
            if (b == '\n' && length >= 2 && buffer[length - 2] == '\r') {
                return Arrays.copyOf(buffer, length - 2);
            }
        }
    }
}
