package io.postmesh.ingress.smtp.protocol;

import java.io.ByteArrayOutputStream;

/**
 * Collects the lines of the DATA phase (RFC 5321 §4.1.1.4) into the stored message.
 *
 * <p>The transport splits input on CRLF only, so a line here never holds a CRLF pair; a bare CR or LF left
 * inside it is exactly what SMTP smuggling relies on ({@code \n.\n} or {@code \r\n.\n} read as end of data
 * by a lax server). Only a line consisting of a single dot ends the data; a bare CR or LF anywhere marks the
 * message to be refused once the real end arrives (RFC 5321 §2.3.8). Lines starting with a dot are
 * unstuffed (§4.5.2). Beyond the size limit nothing more is buffered, but lines are still read to the end so
 * that the session stays in step with the client (RFC 1870 §6.3).
 */
public final class DataReader {
    private static final byte[] CRLF = {'\r', '\n'};

    private final long limit;
    private final ByteArrayOutputStream out;
    private long dataSize;
    private boolean tooBig;
    private boolean bareLineEnding;

    /**
     * @param prefix   bytes stored ahead of the data (our Received header); not counted against the limit
     * @param limit    the largest data size accepted, in bytes, CRLFs included
     * @param expected the size the client declared (SIZE), or -1; used only to size the buffer
     */
    public DataReader(byte[] prefix, long limit, long expected) {
        this.limit = limit;
        long initial = Math.min(Math.max(expected, 8 * 1024), Math.min(limit, 1 << 20));
        this.out = new ByteArrayOutputStream((int) initial + prefix.length);
        out.writeBytes(prefix);
    }

    /**
     * Takes one line without its CRLF.
     *
     * @return true if the line was the end-of-data mark (a lone dot)
     */
    public boolean line(byte[] line) {
        if (line.length == 1 && line[0] == '.') {
            return true;
        }
        for (byte b : line) {
            if (b == '\r' || b == '\n') {
                bareLineEnding = true;
                break;
            }
        }
        int offset = line.length > 0 && line[0] == '.' ? 1 : 0;
        int length = line.length - offset;
        dataSize += length + CRLF.length;
        if (dataSize > limit) {
            tooBig = true;
        }
        if (!tooBig) {
            out.write(line, offset, length);
            out.writeBytes(CRLF);
        }
        return false;
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
        return out.toByteArray();
    }
}
