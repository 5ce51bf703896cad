package io.postmesh.loadgen.message;

/**
 * The header fields the generator adds and the sink reads. The body's first line repeats the id so a body
 * swapped between messages is caught, and the checksum covers the whole body so truncation, padding or a
 * changed byte is caught (header fields may legitimately be added by relays, RFC 5321 §4.4, so only the body is
 * summed).
 */
public final class BenchHeaders {
    /** Unique per message; the sink detects duplicates by it. */
    public static final String ID = "X-Postmesh-Bench-Id";
    /** Epoch microseconds when the generator started writing the message content. */
    public static final String SENT = "X-Postmesh-Bench-Sent";
    /** {@code crc32c=<8 hex digits>; length=<body bytes>} over the body exactly as sent (after dot-unstuffing). */
    public static final String SUM = "X-Postmesh-Bench-Sum";
    /** Prefix of the body's first line, followed by the id. */
    public static final String BODY_ID_PREFIX = "postmesh-bench-body ";

    private BenchHeaders() {
    }

    static String sum(long crc32c, int length) {
        return String.format("crc32c=%08x; length=%d", crc32c, length);
    }
}
