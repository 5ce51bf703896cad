package io.postmesh.ingress.smtp.protocol;

import java.util.Arrays;

/**
 * Reads the DATA phase (RFC 5321 §4.1.1.4) from the wire bytes as they arrive, in pieces of any size, into the
 * stored message.
 *
 * <p>Lines end with CRLF only. A bare CR or LF (one not part of a CRLF pair) is what SMTP smuggling relies on
 * ({@code \n.\n} or {@code \r\n.\n} read as end of data by a lax server): it never ends a line here, so only
 * CRLF "." CRLF ends the data, and a bare CR or LF anywhere marks the message to be refused once the real end
 * arrives (RFC 5321 §2.3.8). A dot that starts a line is removed (§4.5.2). Beyond the size limit nothing more
 * is stored, but the data is still read to its end so that the session stays in step with the client
 * (RFC 1870 §6.3).
 *
 * <p>The stored message is the input minus the leading dots and the end mark, so the reader copies runs of
 * bytes between line starts instead of handling lines one by one; a state carries across pieces, so the end
 * mark and CRLF pairs are recognised wherever the pieces were cut.
 */
public final class DataReader {
    /** Where the previous byte left us. */
    private enum At {
        /** Just after a CRLF (or at the start of the data): a dot here is stuffing or the end mark. */
        LINE_START,
        /** Inside a line. */
        LINE,
        /** Inside a line, just after a CR. */
        CR,
        /** After a line's leading dot. */
        DOT,
        /** After a line's leading dot and a CR: an LF now is the end mark. */
        DOT_CR
    }

    private static final byte[] CR = {'\r'};

    private final long limit;
    private byte[] out;
    private int length;
    private At at = At.LINE_START;
    private long dataSize;
    private boolean tooBig;
    private boolean bareLineEnding;
    private boolean ended;

    /**
     * @param prefix   bytes stored ahead of the data (our Received header); not counted against the limit
     * @param limit    the largest data size accepted, in bytes, CRLFs included
     * @param expected the size the client declared (SIZE), or -1; used only to size the buffer
     */
    public DataReader(byte[] prefix, long limit, long expected) {
        this.limit = limit;
        long initial = Math.min(Math.max(expected, 8 * 1024), Math.min(limit, 1 << 20));
        this.out = new byte[(int) initial + prefix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        this.length = prefix.length;
    }

    /**
     * Takes the next wire bytes {@code src[from, to)}.
     *
     * @return the index just after the end-of-data mark if it is among these bytes (what follows belongs to the
     *         commands after the data), or -1 if they were all data
     */
    public int read(byte[] src, int from, int to) {
        if (ended) {
            throw new IllegalStateException("data already ended");
        }
        int i = from;
        int run = from;  // start of the bytes not yet stored
        while (i < to) {
            switch (at) {
                case LINE_START -> {
                    byte b = src[i];
                    if (b == '.') {
                        store(src, run, i);
                        run = ++i;  // the dot is stuffing or the end mark: never stored
                        at = At.DOT;
                    } else {
                        at = At.LINE;
                    }
                }
                case LINE -> {
                    // The common case: scan to the next CR or LF.
                    byte b = 0;
                    while (i < to && (b = src[i]) != '\r' && b != '\n') {
                        i++;
                    }
                    if (i < to) {
                        i++;
                        if (b == '\r') {
                            at = At.CR;
                        } else {
                            bareLineEnding = true;  // an LF without its CR
                        }
                    }
                }
                case CR -> {
                    byte b = src[i];
                    if (b == '\n') {
                        i++;
                        at = At.LINE_START;
                    } else {
                        bareLineEnding = true;  // a CR without its LF; this byte starts over inside the line
                        at = At.LINE;
                    }
                }
                case DOT -> {
                    if (src[i] == '\r') {
                        i++;
                        at = At.DOT_CR;
                    } else {
                        at = At.LINE;
                    }
                }
                case DOT_CR -> {
                    if (src[i] == '\n') {
                        ended = true;
                        return i + 1;  // CRLF "." CRLF: the CR after the dot was never stored
                    }
                    bareLineEnding = true;
                    if (i == from) {
                        // The CR ended the previous piece and was held back; it is data after all.
                        store(CR, 0, 1);
                    }
                    at = At.LINE;
                }
                default -> throw new IllegalStateException(at.name());
            }
        }
        if (at == At.DOT_CR) {
            // The CR after a leading dot waits: it is the end mark's if an LF follows in the next piece.
            store(src, run, i - 1);
        } else {
            store(src, run, i);
        }
        return -1;
    }

    private void store(byte[] src, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        dataSize += n;
        if (dataSize > limit) {
            tooBig = true;
        }
        if (tooBig) {
            return;
        }
        if (length + n > out.length) {
            out = Arrays.copyOf(out, Math.max(length + n, out.length * 2));
        }
        System.arraycopy(src, from, out, length, n);
        length += n;
    }

    /** The data went over the size limit (RFC 1870: 552 5.3.4). */
    public boolean tooBig() {
        return tooBig;
    }

    /** The data held a CR or LF that was not part of a CRLF pair. */
    public boolean bareLineEnding() {
        return bareLineEnding;
    }

    /** Size of the data received so far (after unstuffing), CRLFs included. */
    public long dataSize() {
        return dataSize;
    }

    /** The stored message: prefix and data. */
    public byte[] bytes() {
        return length == out.length ? out : Arrays.copyOf(out, length);
    }
}
