package io.postmesh.delivery.smtp.client;

import java.io.ByteArrayOutputStream;

/**
 * The message as it goes on the wire after DATA (RFC 5321 §4.5.2 and §2.3.8): every line ends in CRLF,
 * a line starting with "." gets one more ".", and the data ends with {@code CRLF.CRLF}.
 *
 * <p>Bare CR and bare LF are turned into CRLF: RFC 5321 §2.3.8 forbids sending them, and a body with
 * {@code LF.LF} or {@code LF.CRLF} is what SMTP smuggling uses to make a receiver see an end of data that we
 * did not send. After this transformation the only end-of-data sequence in the stream is ours.
 */
public final class DotStuffing {
    private DotStuffing() {}

    /** The bytes to send after the 354 reply, including the final {@code .CRLF}. */
    public static byte[] encode(byte[] message) {
        // Copies runs of ordinary bytes in bulk into an array of the exact size: a per-byte
        // ByteArrayOutputStream.write (synchronized) was among the delivery service's hottest methods.
        byte[] out = new byte[encodedLength(message)];
        int n = 0;
        int run = 0; // start of the bytes not yet copied
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r' || b == '\n') {
                System.arraycopy(message, run, out, n, i - run);
                n += i - run;
                out[n++] = '\r';
                out[n++] = '\n';
                if (b == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
                run = i + 1;
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                System.arraycopy(message, run, out, n, i - run);
                n += i - run;
                out[n++] = '.';
                run = i; // the dot itself is copied with the run
            }
            lineStart = false;
        }
        System.arraycopy(message, run, out, n, message.length - run);
        n += message.length - run;
        if (!lineStart) {
            // The last line had no line end; the terminator must start on a line of its own.
            out[n++] = '\r';
            out[n++] = '\n';
        }
        out[n++] = '.';
        out[n++] = '\r';
        out[n++] = '\n';
        return out;
    }

    /** The length {@link #encode} produces: one more byte per bare CR or LF and per leading dot. */
    private static int encodedLength(byte[] message) {
        long length = message.length + 3L; // ".CRLF"
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                i++;
                lineStart = true;
            } else if (b == '\r' || b == '\n') {
                length++;
                lineStart = true;
            } else {
                if (lineStart && b == '.') {
                    length++;
                }
                lineStart = false;
            }
        }
        if (!lineStart) {
            length += 2;
        }
        return Math.toIntExact(length);
    }

    /** The receiver's view: removes one leading dot per line and the terminator (for tests and checks). */
    public static byte[] decode(byte[] wire) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length);
        int i = 0;
        while (i < wire.length) {
            int end = i;
            while (end + 1 < wire.length && !(wire[end] == '\r' && wire[end + 1] == '\n')) {
                end++;
            }
            int lineEnd = end + 1 < wire.length ? end : wire.length;
            if (lineEnd - i == 1 && wire[i] == '.') {
                break;
            }
            int from = wire[i] == '.' ? i + 1 : i;
            out.write(wire, from, lineEnd - from);
            if (lineEnd < wire.length) {
                out.write('\r');
                out.write('\n');
            }
            i = lineEnd + 2;
        }
        return out.toByteArray();
    }
}
