package io.postmesh.ingress.smtp.protocol;

import java.io.ByteArrayOutputStream;

/**
 * Collects the chunks of a BDAT transaction (RFC 3030) into the stored message.
 *
 * <p>BDAT data is taken as it is: no dot-stuffing and no end-of-data mark, so the SMTP smuggling of DATA does
 * not exist here. We still refuse a CR or LF outside a CRLF pair (RFC 5321 §2.3.8; we do not offer
 * BINARYMIME), checked across chunk boundaries, so that a message that later leaves by DATA cannot carry one.
 * A message that does not end in CRLF gets one, as the stored form always ends lines with CRLF.
 */
public final class ChunkReader {
    private final long limit;
    private final ByteArrayOutputStream out;
    private long dataSize;
    private boolean tooBig;
    private boolean bareLineEnding;
    private boolean pendingCr;
    private int last = -1;

    /**
     * @param prefix bytes stored ahead of the data (our Received header); not counted against the limit
     * @param limit  the largest data size accepted, in bytes
     */
    public ChunkReader(byte[] prefix, long limit) {
        this.limit = limit;
        this.out = new ByteArrayOutputStream(prefix.length + 8 * 1024);
        out.writeBytes(prefix);
    }

    /** Whether a chunk of {@code size} more octets would go over the limit (RFC 3030 §3: 552 at once). */
    public boolean wouldExceed(long size) {
        return dataSize + size > limit;
    }

    /** Takes the next bytes of a chunk. */
    public void append(byte[] bytes) {
        for (byte b : bytes) {
            if (pendingCr && b != '\n') {
                bareLineEnding = true;
            }
            if (b == '\n' && !pendingCr) {
                bareLineEnding = true;
            }
            pendingCr = b == '\r';
        }
        dataSize += bytes.length;
        if (dataSize > limit) {
            tooBig = true;
        }
        if (!tooBig) {
            out.writeBytes(bytes);
        }
        if (bytes.length > 0) {
            last = bytes[bytes.length - 1];
        }
    }

    public boolean tooBig() {
        return tooBig;
    }

    /** A CR or LF outside a CRLF pair; a CR at the very end counts once the message is complete. */
    public boolean bareLineEnding(boolean complete) {
        return bareLineEnding || (complete && pendingCr);
    }

    public long dataSize() {
        return dataSize;
    }

    /** The stored message: prefix, data, and a final CRLF if the data did not end with one. */
    public byte[] bytes() {
        if (dataSize > 0 && last != '\n') {
            out.writeBytes(new byte[] {'\r', '\n'});
            last = '\n';
        }
        return out.toByteArray();
    }
}
