package io.postmesh.ingress.smtp.transport;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Frames one connection's input for the SMTP session, in one of three modes:
 *
 * <ul>
 *   <li>{@link Mode#LINES}: command lines ending in CRLF (never a bare LF), at most {@code maxLine} bytes;</li>
 *   <li>{@link Mode#DATA}: message data handed on in the pieces it arrived in, until the reader of the data says
 *       where its end mark was; what follows it is read as lines again (RFC 2920 pipelining);</li>
 *   <li>{@link Mode#CHUNK}: the octets of a BDAT chunk, counted out (RFC 3030).</li>
 * </ul>
 *
 * <p>Data is never split into lines here: the reader of the data scans it in bulk, so a 100 KB message costs a
 * few copies of runs of bytes rather than a record, a slice and two arrays per line. Input is read in place from
 * the buffer Vert.x hands over; only bytes left over (an incomplete command line, or anything that arrives while
 * paused) are kept. {@link #pause()} stops handing anything on until {@link #resume()}, which first hands on what
 * was kept.
 */
final class InputFramer {

    enum Mode { LINES, DATA, CHUNK }

    /** What the connection does with the framed input. Each call may change the mode or pause the framer. */
    interface Handler {
        /** A command line, without its CRLF. */
        void line(byte[] line);

        /** A command line longer than {@code maxLine} bytes, ended or not. Nothing more is handed on. */
        void lineTooLong();

        /**
         * Message data, {@code src[from, to)}.
         *
         * @return the index just after the end-of-data mark, or -1 if all of it was data
         */
        int data(byte[] src, int from, int to);

        /** The end-of-data mark was read; the framer is back in {@link Mode#LINES}. */
        void dataEnded();

        /** The next octets of the BDAT chunk; once the last was handed on, the framer is back in LINES. */
        void chunk(byte[] octets);
    }

    private final Handler handler;
    private final int maxLine;
    private Mode mode = Mode.LINES;
    private long chunkRemaining;
    private boolean paused;
    private boolean handing;
    private boolean failed;

    /** Bytes kept for later: {@code kept[keptFrom, keptTo)}. */
    private byte[] kept = new byte[0];
    private int keptFrom;
    private int keptTo;
    /** Input that arrived while a callback ran, handled after it. */
    private Buffer late;
    /** Where the search for a CRLF in the kept bytes resumes. */
    private int scannedTo;

    InputFramer(int maxLine, Handler handler) {
        this.maxLine = maxLine;
        this.handler = handler;
    }

    Mode mode() {
        return mode;
    }

    /** Reads command lines (the mode after DATA's end mark and after a chunk, too). */
    void lines() {
        mode = Mode.LINES;
    }

    /** Reads message data until the handler finds the end mark. */
    void data() {
        mode = Mode.DATA;
    }

    /** Reads the next {@code octets} as a BDAT chunk. */
    void chunk(long octets) {
        if (octets <= 0) {
            throw new IllegalArgumentException("empty chunk");
        }
        mode = Mode.CHUNK;
        chunkRemaining = octets;
    }

    void pause() {
        paused = true;
    }

    /** Hands on what was kept while paused (which may pause again) and goes on with what arrives. */
    void resume() {
        paused = false;
        if (keptTo > keptFrom && !handing) {
            int used = frame(kept, keptFrom, keptTo);
            keptFrom = used;
            if (keptFrom == keptTo) {
                keptFrom = keptTo = scannedTo = 0;
            }
            handleLate();
        }
    }

    /** Bytes received but not yet handed on. */
    int kept() {
        return keptTo - keptFrom;
    }

    void handle(Buffer buffer) {
        if (failed) {
            return;
        }
        if (handing) {
            // Input while a callback runs (Vert.x does not do this, but order must hold if it ever did): it goes
            // after whatever the running pass leaves over.
            late = late == null ? buffer.copy() : late.appendBuffer(buffer);
            return;
        }
        handleNow(buffer);
        handleLate();
    }

    private void handleLate() {
        while (late != null && !failed) {
            Buffer next = late;
            late = null;
            handleNow(next);
        }
    }

    private void handleNow(Buffer buffer) {
        ByteBuf bytes = buffer.getByteBuf();
        byte[] src;
        int from;
        int to;
        if (bytes.hasArray()) {
            src = bytes.array();
            from = bytes.arrayOffset() + bytes.readerIndex();
            to = from + bytes.readableBytes();
        } else {
            src = buffer.getBytes();
            from = 0;
            to = src.length;
        }
        if (keptTo > keptFrom || paused) {
            keep(src, from, to);
            if (!paused) {
                resume();
            }
            return;
        }
        int used = frame(src, from, to);
        if (used < to) {
            keep(src, used, to);
        }
    }

    /** Hands on as much of {@code src[from, to)} as the mode and pauses allow; returns where it stopped. */
    private int frame(byte[] src, int from, int to) {
        handing = true;
        int i = from;
        try {
            while (i < to && !paused && !failed) {
                switch (mode) {
                    case LINES -> {
                        int end = lineEnd(src, i, to);
                        if ((end < 0 ? to : end) - i > maxLine) {
                            failed = true;
                            handler.lineTooLong();
                            return i;
                        }
                        if (end < 0) {
                            return i;
                        }
                        byte[] line = Arrays.copyOfRange(src, i, end);
                        i = end + 2;
                        handler.line(line);
                    }
                    case DATA -> {
                        int end = handler.data(src, i, to);
                        if (end < 0) {
                            i = to;
                        } else {
                            i = end;
                            mode = Mode.LINES;
                            handler.dataEnded();
                        }
                    }
                    case CHUNK -> {
                        int n = (int) Math.min(to - i, chunkRemaining);
                        byte[] octets = Arrays.copyOfRange(src, i, i + n);
                        i += n;
                        chunkRemaining -= n;
                        if (chunkRemaining == 0) {
                            mode = Mode.LINES;
                        }
                        handler.chunk(octets);
                    }
                    default -> throw new IllegalStateException(mode.name());
                }
            }
            return i;
        } finally {
            handing = false;
        }
    }

    /** Index of the CR of the first CRLF in {@code src[from, to)}, or -1. */
    private int lineEnd(byte[] src, int from, int to) {
        int start = src == kept ? Math.max(from, scannedTo) : from;
        for (int i = start; i + 1 < to; i++) {
            if (src[i] == '\r' && src[i + 1] == '\n') {
                return i;
            }
        }
        if (src == kept) {
            scannedTo = Math.max(from, to - 1);
        }
        return -1;
    }

    private void keep(byte[] src, int from, int to) {
        int n = to - from;
        if (keptFrom > 0 && keptTo + n > kept.length) {
            // Drop what was handed on before growing.
            System.arraycopy(kept, keptFrom, kept, 0, keptTo - keptFrom);
            keptTo -= keptFrom;
            scannedTo = Math.max(0, scannedTo - keptFrom);
            keptFrom = 0;
        }
        if (keptTo + n > kept.length) {
            kept = Arrays.copyOf(kept, Math.max(keptTo + n, Math.max(256, kept.length * 2)));
        }
        System.arraycopy(src, from, kept, keptTo, n);
        keptTo += n;
    }
}
