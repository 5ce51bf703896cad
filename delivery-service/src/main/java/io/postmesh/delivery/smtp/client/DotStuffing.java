package io.postmesh.delivery.smtp.client;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The message as it goes on the wire after DATA (RFC 5321 §4.5.2 and §2.3.8): every line ends in CRLF,
 * a line starting with "." gets one more ".", and the data ends with {@code CRLF.CRLF}.
 *
 * <p>Bare CR and bare LF are turned into CRLF: RFC 5321 §2.3.8 forbids sending them, and a body with
 * {@code LF.LF} or {@code LF.CRLF} is what SMTP smuggling uses to make a receiver see an end of data that we
 * did not send. After this transformation the only end-of-data sequence in the stream is ours.
 */
public final class DotStuffing {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] DOT = {'.'};
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final long CRS = ONES * '\r';
    private static final long LFS = ONES * '\n';

    private DotStuffing() {}

    /** What one walk over a message found: whether it goes on the wire unchanged, and whether it has 8-bit octets. */
    public record Scan(boolean wireReady, boolean eightBit) {
    }

    /**
     * The bytes to send after the 354 reply, including the final {@code .CRLF}. A message that needs no change
     * (nearly every one: ingress stored it with CRLF line ends, and lines starting with "." are rare) is not
     * copied: the buffer holds the message and the terminator side by side.
     */
    public static Buffer wire(byte[] message, Scan scan) {
        if (scan.wireReady()) {
            return Buffer.buffer(Unpooled.wrappedBuffer(message, TERMINATOR));
        }
        return Buffer.buffer(Unpooled.wrappedBuffer(encodeByWalk(message)));
    }

    /** {@link #wire} as one array (tests and checks). */
    public static byte[] encode(byte[] message) {
        return wire(message, scan(message)).getBytes();
    }

    /** The general encoding, for any input; {@link #wire} takes a shortcut when nothing needs changing. */
    static byte[] encodeByWalk(byte[] message) {
        // Two passes of one walk: the first measures, the second copies runs of ordinary bytes in bulk into an
        // array of the exact size (per-byte ByteArrayOutputStream writes were among delivery's hottest frames).
        byte[] out = new byte[walk(message, null)];
        walk(message, out);
        return out;
    }

    /**
     * One pass over {@code m}, eight bytes at a time. Wire-ready means the message goes on the wire unchanged
     * before the terminator: every CR is followed by LF, every LF preceded by CR and not followed by ".", the
     * first byte is not "." and the message is empty or ends in CRLF. Only the CR and LF octets of a word are
     * looked at one by one; the 8-bit test ORs the words together.
     */
    public static Scan scan(byte[] m) {
        int n = m.length;
        boolean ready = n == 0 || (m[0] != '.' && n >= 2 && m[n - 2] == '\r' && m[n - 1] == '\n');
        long or = 0;
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            long word = (long) WORDS.get(m, i);
            or |= word;
            if (ready) {
                long marks = zeroBytes(word ^ CRS) | zeroBytes(word ^ LFS);
                while (marks != 0) {
                    if (!unchanged(m, i + (Long.numberOfTrailingZeros(marks) >>> 3))) {
                        ready = false;
                        break;
                    }
                    marks &= marks - 1;
                }
            }
        }
        for (; i < n; i++) {
            or |= m[i] & 0xFF;
            ready = ready && unchanged(m, i);
        }
        return new Scan(ready, (or & HIGH_BITS) != 0);
    }

    /** The high bit of each byte of {@code v} that is zero, and of no other (exact, no borrow between bytes). */
    private static long zeroBytes(long v) {
        return ~(((v & LOW_BITS) + LOW_BITS) | v | LOW_BITS);
    }

    /** Whether byte {@code i} needs no change: not a bare CR or LF, and not an LF before a dot. */
    private static boolean unchanged(byte[] m, int i) {
        byte b = m[i];
        if (b == '\r') {
            return i + 1 < m.length && m[i + 1] == '\n';
        }
        if (b == '\n') {
            return i > 0 && m[i - 1] == '\r' && (i + 1 == m.length || m[i + 1] != '.');
        }
        return true;
    }

    /**
     * Walks {@code message} as {@link #wire} describes and returns the encoded length; writes the encoding
     * into {@code out} when it is not null.
     */
    private static int walk(byte[] message, byte[] out) {
        int n = 0;
        int run = 0; // start of the bytes not yet copied
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r' || b == '\n') {
                n = copy(message, run, i, out, n);
                n = put(out, n, CRLF);
                if (b == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
                run = i + 1;
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                n = copy(message, run, i, out, n);
                n = put(out, n, DOT);
                run = i; // the dot itself is copied with the run
            }
            lineStart = false;
        }
        n = copy(message, run, message.length, out, n);
        if (!lineStart) {
            // The last line had no line end; the terminator must start on a line of its own.
            n = put(out, n, CRLF);
        }
        return put(out, n, TERMINATOR);
    }

    private static int copy(byte[] message, int from, int to, byte[] out, int n) {
        if (out != null) {
            System.arraycopy(message, from, out, n, to - from);
        }
        return n + to - from;
    }

    private static int put(byte[] out, int n, byte[] bytes) {
        return copy(bytes, 0, bytes.length, out, n);
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
