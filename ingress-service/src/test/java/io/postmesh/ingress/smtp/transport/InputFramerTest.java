package io.postmesh.ingress.smtp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.smtp.protocol.DataReader;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The framer against a scripted handler: "DATA" switches to data (read by a real {@link DataReader}), "BDAT n"
 * to a chunk of n octets, "PAUSE" pauses. Every input is also cut at every position into two buffers, and fed
 * byte by byte: the events must not depend on where the reads were cut.
 */
class InputFramerTest {

    /** Records what the framer hands on; chunk pieces are joined, since their cuts follow the reads. */
    static final class Script implements InputFramer.Handler {
        final List<String> events = new ArrayList<>();
        InputFramer framer;
        DataReader data;
        StringBuilder chunk;

        @Override
        public void line(byte[] line) {
            String text = new String(line, StandardCharsets.ISO_8859_1);
            events.add("line " + text);
            if (text.equals("DATA")) {
                data = new DataReader(new byte[0], 1_000, -1);
                framer.data();
            } else if (text.startsWith("BDAT ")) {
                chunk = new StringBuilder();
                framer.chunk(Long.parseLong(text.split(" ")[1]));
            } else if (text.equals("PAUSE")) {
                framer.pause();
            } else if (text.equals("INJECT")) {
                framer.handle(Buffer.buffer("LATE\r\n"));
            }
        }

        @Override
        public void lineTooLong() {
            events.add("too long");
        }

        @Override
        public int data(byte[] src, int from, int to) {
            return data.read(src, from, to);
        }

        @Override
        public void dataEnded() {
            events.add("data " + new String(data.bytes(), StandardCharsets.ISO_8859_1)
                    + (data.bareLineEnding() ? " (bare)" : ""));
        }

        @Override
        public void chunk(byte[] octets) {
            chunk.append(new String(octets, StandardCharsets.ISO_8859_1));
            if (framer.mode() == InputFramer.Mode.LINES) {
                events.add("chunk " + chunk);
            }
        }
    }

    static Script feed(int maxLine, byte[] input, int... cuts) {
        Script script = new Script();
        InputFramer framer = new InputFramer(maxLine, script);
        script.framer = framer;
        int from = 0;
        int[] bounds = Arrays.copyOf(cuts, cuts.length + 1);
        bounds[cuts.length] = input.length;
        for (int to : bounds) {
            // A slice of a larger buffer, as a socket read may hand over.
            Buffer whole = Buffer.buffer().appendString("junk").appendBytes(input, from, to - from).appendString("junk");
            framer.handle(whole.slice(4, 4 + to - from));
            from = to;
        }
        return script;
    }

    private static void assertSameWhereverCut(int maxLine, String input, List<String> expected) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(feed(maxLine, bytes).events).as("whole").isEqualTo(expected);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertThat(feed(maxLine, bytes, cut).events).as("cut at %d", cut).isEqualTo(expected);
        }
        assertThat(feed(maxLine, bytes, IntStream.range(0, bytes.length).toArray()).events).as("byte by byte")
                .isEqualTo(expected);
    }

    @Test
    void commandLinesEndWithCrlfOnly() {
        assertSameWhereverCut(100, "EHLO a\r\nNOOP\nstill\r\nRSET\r",
                List.of("line EHLO a", "line NOOP\nstill"));
    }

    @Test
    void dataIsReadToItsMarkAndPipelinedCommandsFollow() {
        assertSameWhereverCut(100, "MAIL FROM:<a@b>\r\nDATA\r\n..x\r\na\n.\nb\r\n.\r\nQUIT\r\n",
                List.of("line MAIL FROM:<a@b>", "line DATA", "data .x\r\na\n.\nb\r\n (bare)", "line QUIT"));
    }

    @Test
    void chunkOctetsAreCountedOutThenLinesResume() {
        assertSameWhereverCut(100, "BDAT 7\r\nab\r\n.\r\nBDAT 3 LAST\r\nxyzQUIT\r\n",
                List.of("line BDAT 7", "chunk ab\r\n.\r\n", "line BDAT 3 LAST", "chunk xyz", "line QUIT"));
    }

    @Test
    void anOverlongLineWithoutCrlfIsReportedOnceAndNothingFollows() {
        Script script = feed(10, "NOOP\r\n0123456789abc".getBytes(StandardCharsets.US_ASCII), 8);
        script.framer.handle(Buffer.buffer("\r\nNOOP\r\n"));
        assertThat(script.events).containsExactly("line NOOP", "too long");
    }

    @Test
    void inputArrivingDuringACallbackComesAfterWhatWasAlreadyReceived() {
        byte[] input = "INJECT\r\nNOOP\r\nRS".getBytes(StandardCharsets.US_ASCII);
        // Whole: "NOOP\r\nRS" was received before LATE, which completes the line RS began.
        assertThat(feed(100, input).events).containsExactly("line INJECT", "line NOOP", "line RSLATE");
        // Cut after INJECT: NOOP had not arrived yet when LATE did.
        assertThat(feed(100, input, 8).events).containsExactly("line INJECT", "line LATE", "line NOOP");
        // Cut inside NOOP: "NO" was received before LATE, so the bytes in order are "NOLATE\r\n", then "OP\r\n".
        assertThat(feed(100, input, 10).events).containsExactly("line INJECT", "line NOLATE", "line OP");
    }

    @Test
    void anOverlongLineThatArrivesWholeIsReportedToo() {
        Script script = feed(10, "NOOP\r\n0123456789abc\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(script.events).containsExactly("line NOOP", "too long");
    }

    @Test
    void whilePausedNothingIsHandedOnAndResumeHandsOnWhatWasKeptInOrder() {
        Script script = feed(100, "PAUSE\r\nNOOP\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(script.events).containsExactly("line PAUSE");
        script.framer.handle(Buffer.buffer("x\r\n.\r\nRSET\r\n"));
        assertThat(script.events).containsExactly("line PAUSE");
        assertThat(script.framer.kept()).isEqualTo("NOOP\r\nDATA\r\nx\r\n.\r\nRSET\r\n".length());
        script.framer.resume();
        assertThat(script.events).containsExactly("line PAUSE", "line NOOP", "line DATA", "data x\r\n", "line RSET");
        assertThat(script.framer.kept()).isZero();
    }
}
