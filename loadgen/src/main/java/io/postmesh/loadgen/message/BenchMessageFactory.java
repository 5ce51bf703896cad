package io.postmesh.loadgen.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Builds benchmark messages (RFC 5322): a short header section with the bench id, send time and body checksum,
 * and a body of 76-character lines. The filler after the body's first line depends only on the size, so it is
 * built once per size and shared between messages; only the head (header section and first body line) is new
 * per message. No body line starts with a dot, so no dot-stuffing is needed (RFC 5321 §4.5.2).
 */
public final class BenchMessageFactory {
    /** Room left for the header section so that head + filler is close to the requested size. */
    static final int HEAD_ESTIMATE = 420;
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final String from;
    private final String rcpt;
    private final Map<Integer, byte[]> fillers = new HashMap<>();

    public BenchMessageFactory(String from, String rcpt) {
        this.from = from;
        this.rcpt = rcpt;
    }

    /** A message of about {@code size} bytes (headers included) for id {@code id}, sent at {@code sentMicros}. */
    public BenchMessage create(String id, int size, long sentMicros) {
        byte[] filler = filler(size);
        byte[] idLine = (BenchHeaders.BODY_ID_PREFIX + id + "\r\n").getBytes(StandardCharsets.US_ASCII);
        CRC32C crc = new CRC32C();
        crc.update(idLine);
        crc.update(filler);
        int bodyLength = idLine.length + filler.length;
        String headers = "From: <" + from + ">\r\n"
                + "To: <" + rcpt + ">\r\n"
                + "Subject: postmesh bench " + id + "\r\n"
                + "Message-ID: <" + id + "@loadgen.bench.test>\r\n"
                + "Date: " + DATE.format(Instant.ofEpochSecond(sentMicros / 1_000_000)) + "\r\n"
                + BenchHeaders.ID + ": " + id + "\r\n"
                + BenchHeaders.SENT + ": " + sentMicros + "\r\n"
                + BenchHeaders.SUM + ": " + BenchHeaders.sum(crc.getValue(), bodyLength) + "\r\n"
                + "\r\n";
        byte[] head = new byte[headers.length() + idLine.length];
        byte[] h = headers.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, head, 0, h.length);
        System.arraycopy(idLine, 0, head, h.length, idLine.length);
        return new BenchMessage(id, head, filler);
    }

    /** The shared filler for a size; the same array instance for every call with that size. */
    public synchronized byte[] filler(int size) {
        return fillers.computeIfAbsent(size, BenchMessageFactory::buildFiller);
    }

    private static byte[] buildFiller(int size) {
        int length = Math.max(2, size - HEAD_ESTIMATE);
        byte[] out = new byte[length];
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        int col = 0;
        int line = 0;
        for (int i = 0; i < length; i++) {
            if (i >= length - 2) {
                out[i] = (byte) (i == length - 2 ? '\r' : '\n');
            } else if (col == 76) {
                out[i] = '\r';
                col++;
            } else if (col == 77) {
                out[i] = '\n';
                col = 0;
                line++;
            } else {
                out[i] = (byte) alphabet.charAt((col + line) % alphabet.length());
                col++;
            }
        }
        // A CR just before the final CRLF would form a bare CR; a lone LF at the start is impossible here.
        if (length >= 3 && out[length - 3] == '\r') {
            out[length - 3] = 'x';
        }
        return out;
    }

    /** One message: {@code head} is new per message, {@code filler} is shared. Both end with CRLF. */
    public record BenchMessage(String id, byte[] head, byte[] filler) {
        public int length() {
            return head.length + filler.length;
        }

        public byte[] toBytes() {
            byte[] all = new byte[length()];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(filler, 0, all, head.length, filler.length);
            return all;
        }
    }
}
