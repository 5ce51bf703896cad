package io.postmesh.ingress.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DATA reader takes wire bytes in pieces cut anywhere. Each case is checked against a line-by-line reference
 * (split on CRLF only, a lone dot ends, a leading dot is removed, a bare CR or LF marks the message), fed whole,
 * cut at every position, and byte by byte.
 */
class DataReaderTest {
    private static final byte[] PREFIX = "Received: x\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What the reader must produce: stored bytes (none over the limit), where the data ended (-1: not yet), the flags. */
    record Outcome(String stored, int end, boolean bare, boolean tooBig) {}

    static Outcome reference(byte[] wire, long limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PREFIX);
        boolean bare = false;
        long size = 0;
        int lineStart = 0;
        for (int i = 0; i + 1 < wire.length; i++) {
            if (wire[i] != '\r' || wire[i + 1] != '\n') {
                continue;
            }
            int from = lineStart;
            int to = i;
            lineStart = i + 2;
            i++;
            if (to - from == 1 && wire[from] == '.') {
                return new Outcome(size > limit ? null : text(out.toByteArray()), lineStart, bare, size > limit);
            }
            for (int j = from; j < to; j++) {
                bare |= wire[j] == '\r' || wire[j] == '\n';
            }
            if (to > from && wire[from] == '.') {
                from++;
            }
            size += to - from + 2;
            if (size <= limit) {
                out.write(wire, from, to - from);
                out.writeBytes(new byte[] {'\r', '\n'});
            }
        }
        return new Outcome(null, -1, false, false);
    }

    /** Feeds {@code wire} cut at the given positions; the end index is relative to the whole input. */
    static Outcome read(byte[] wire, long limit, int... cuts) {
        DataReader reader = new DataReader(PREFIX, limit, -1);
        int from = 0;
        int[] bounds = Arrays.copyOf(cuts, cuts.length + 1);
        bounds[cuts.length] = wire.length;
        for (int to : bounds) {
            // Each piece is copied into a larger array at an offset, as a socket buffer would hold it.
            byte[] piece = new byte[to - from + 6];
            System.arraycopy(wire, from, piece, 3, to - from);
            int end = reader.read(piece, 3, 3 + to - from);
            if (end >= 0) {
                return new Outcome(reader.tooBig() ? null : text(reader.bytes()), end - 3 + from,
                        reader.bareLineEnding(), reader.tooBig());
            }
            from = to;
        }
        return new Outcome(null, -1, false, false);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("plain", "Subject: hi\r\n\r\nbody\r\n.\r\n"),
                Arguments.of("empty data", ".\r\n"),
                Arguments.of("stuffed dots", "..one\r\n..\r\n...\r\nx.\r\n.\r\n"),
                Arguments.of("commands after the end", "a\r\n.\r\nQUIT\r\n"),
                Arguments.of("LF.LF inside a line", "a\n.\nMAIL FROM:<x@evil.test>\r\n.\r\n"),
                Arguments.of("CRLF.LF", "a\r\n.\nRCPT TO:<x@y>\r\n.\r\n"),
                Arguments.of("CR.CR", "a\r.\rb\r\n.\r\n"),
                Arguments.of("dot CR CR LF", "a\r\n.\r\r\nb\r\n.\r\n"),
                Arguments.of("dot CR then text", "a\r\n.\rb\r\n.\r\n"),
                Arguments.of("CRCRLF", "a\r\r\n.\r\n"),
                Arguments.of("bare LF at a line start", "\nx\r\n.\r\n"),
                Arguments.of("bare CR at the end of a line", "x\r\r\n\r\n.\r\n"),
                Arguments.of("not ended yet", "a\r\n.\r"),
                Arguments.of("dot LF never ends", ".\n.\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithTheLineReferenceWhereverTheInputIsCut(String name, String input) {
        byte[] wire = input.getBytes(StandardCharsets.ISO_8859_1);
        Outcome expected = reference(wire, 1_000);
        assertThat(read(wire, 1_000)).as("whole").isEqualTo(expected);
        for (int cut = 0; cut <= wire.length; cut++) {
            assertThat(read(wire, 1_000, cut)).as("cut at %d", cut).isEqualTo(expected);
        }
        assertThat(read(wire, 1_000, IntStream.range(0, wire.length).toArray())).as("byte by byte")
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsAtTheMarkAndLeavesWhatFollows(String name, String input) {
        byte[] wire = input.getBytes(StandardCharsets.ISO_8859_1);
        Outcome outcome = read(wire, 1_000);
        if (input.contains("\r\n.\r\n") || input.startsWith(".\r\n")) {
            int mark = input.startsWith(".\r\n") ? 0 : input.indexOf("\r\n.\r\n") + 2;
            assertThat(outcome.end()).isEqualTo(mark + 3);
        } else {
            assertThat(outcome.end()).isEqualTo(-1);
        }
    }

    @Test
    void randomInputsOfSpecialBytesAgreeWithTheReference() {
        Random random = new Random(8);
        byte[] alphabet = {'a', '.', '\r', '\n'};
        for (int round = 0; round < 3_000; round++) {
            byte[] body = new byte[random.nextInt(24)];
            for (int i = 0; i < body.length; i++) {
                body[i] = alphabet[random.nextInt(alphabet.length)];
            }
            byte[] wire = (text(body) + "\r\n.\r\nNOOP\r\n").getBytes(StandardCharsets.ISO_8859_1);
            long limit = 1 + random.nextInt(30);
            Outcome expected = reference(wire, limit);
            int a = random.nextInt(wire.length + 1);
            int b = a + random.nextInt(wire.length - a + 1);
            assertThat(read(wire, limit, a, b)).as("%s cut at %d and %d", text(body), a, b).isEqualTo(expected);
        }
    }

    @Test
    void overTheLimitNothingMoreIsStoredButTheDataIsReadToItsEnd() {
        byte[] wire = ("x".repeat(998) + "\r\n").repeat(20).concat(".\r\nNOOP\r\n").getBytes(StandardCharsets.US_ASCII);
        DataReader reader = new DataReader(PREFIX, 5_000, -1);
        int end = reader.read(wire, 0, wire.length);
        assertThat(end).isEqualTo(wire.length - "NOOP\r\n".length());
        assertThat(reader.tooBig()).isTrue();
        assertThat(reader.dataSize()).isEqualTo(20_000);
    }
}
