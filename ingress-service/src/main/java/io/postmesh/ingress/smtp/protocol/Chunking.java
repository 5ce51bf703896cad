package io.postmesh.ingress.smtp.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BDAT bookkeeping of one session (RFC 3030): the message being assembled over several chunks, and the
 * chunk being read now. A refused chunk is still read to its end, so that client and server stay in step
 * (§2: "the receiver MUST consume the chunk").
 */
final class Chunking {
    // §2: bdat-cmd ::= "BDAT" SP chunk-size [ SP end-marker ]; chunk-size ::= 1*DIGIT; end-marker ::= "LAST"
    private static final Pattern BDAT = Pattern.compile("([0-9]{1,18})( (?i:LAST))?");

    /** One BDAT command. */
    record Command(long size, boolean last) {}

    private ChunkReader reader;
    private long remaining;
    private long size;
    private boolean last;
    private Reply refusal;
    private SmtpSession.State stateBefore;

    /** The BDAT arguments, or null when they are malformed. */
    static Command parse(String args) {
        Matcher m = BDAT.matcher(args);
        return m.matches() ? new Command(Long.parseLong(m.group(1)), m.group(2) != null) : null;
    }

    void begin(ChunkReader newReader) {
        reader = newReader;
    }

    ChunkReader reader() {
        return reader;
    }

    void startChunk(Command command, Reply refusedWith, SmtpSession.State before) {
        remaining = command.size();
        size = command.size();
        last = command.last();
        refusal = refusedWith;
        stateBefore = before;
    }

    void take(byte[] bytes) {
        if (bytes.length > remaining) {
            throw new IllegalArgumentException("more octets than the chunk holds");
        }
        remaining -= bytes.length;
        if (refusal == null) {
            reader.append(bytes);
        }
    }

    long remaining() {
        return remaining;
    }

    long size() {
        return size;
    }

    boolean last() {
        return last;
    }

    Reply refusal() {
        return refusal;
    }

    SmtpSession.State stateBefore() {
        return stateBefore;
    }

    void clear() {
        reader = null;
    }
}
