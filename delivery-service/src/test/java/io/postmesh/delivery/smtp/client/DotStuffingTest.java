package io.postmesh.delivery.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStuffingTest {

    /**
     * The one-pass scan against its definition, on random messages of bytes that matter to it (CR, LF, dot, 8-bit
     * octets, and octets one bit away from CR and LF): wire-ready exactly when the general walk changes nothing,
     * 8-bit exactly when some octet has its high bit set, wherever those bytes sit in the eight-byte words.
     */
    @Test
    void theScanAgreesWithItsDefinition() {
        byte[] alphabet = {'a', '.', '\r', '\n', (byte) 0xE9, (byte) 0x8D, (byte) 0x8A, 0x0C, 0x0B};
        Random random = new Random(7);
        for (int round = 0; round < 5000; round++) {
            byte[] message = new byte[random.nextInt(40)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            byte[] unchanged = Arrays.copyOf(message, message.length + 3);
            System.arraycopy(new byte[] {'.', '\r', '\n'}, 0, unchanged, message.length, 3);
            boolean eightBit = false;
            for (byte b : message) {
                eightBit |= b < 0;
            }
            DotStuffing.Scan scan = DotStuffing.scan(message);
            assertThat(scan.wireReady()).as("wire-ready %s", Arrays.toString(message))
                    .isEqualTo(Arrays.equals(DotStuffing.encodeByWalk(message), unchanged));
            assertThat(scan.eightBit()).as("8-bit %s", Arrays.toString(message)).isEqualTo(eightBit);
        }
    }

    /** Rows use \r and \n escapes; input → wire form. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "plain                | a\\r\\nb\\r\\n               | a\\r\\nb\\r\\n.\\r\\n",
            "leading dot          | .hidden\\r\\n                | ..hidden\\r\\n.\\r\\n",
            "lone dot line        | a\\r\\n.\\r\\nb\\r\\n         | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
            "dot at very start    | .\\r\\n                      | ..\\r\\n.\\r\\n",
            "dot inside a line    | a.b\\r\\n                    | a.b\\r\\n.\\r\\n",
            "no final line end    | a\\r\\nlast                  | a\\r\\nlast\\r\\n.\\r\\n",
            "empty message        | ''                           | .\\r\\n",
            "bare LF              | a\\nb\\n                     | a\\r\\nb\\r\\n.\\r\\n",
            "bare CR              | a\\rb\\r\\n                   | a\\r\\nb\\r\\n.\\r\\n",
            "smuggling LF.LF      | a\\r\\n\\n.\\n\\r\\nMAIL\\r\\n | a\\r\\n\\r\\n..\\r\\n\\r\\nMAIL\\r\\n.\\r\\n",
            "smuggling LF.CRLF    | a\\n.\\r\\nRCPT\\r\\n         | a\\r\\n..\\r\\nRCPT\\r\\n.\\r\\n",
    })
    void encodes(String name, String input, String wire) {
        byte[] encoded = DotStuffing.encode(unescape(input));
        assertThat(new String(encoded, StandardCharsets.US_ASCII)).isEqualTo(new String(unescape(wire),
                StandardCharsets.US_ASCII));
    }

    @Test
    void receiverGetsTheExactBytesOfACrlfMessageBack() {
        String message = "Subject: dots\r\n\r\n.\r\n..two\r\nend.\r\n.";
        byte[] roundTrip = DotStuffing.decode(DotStuffing.encode(message.getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(roundTrip, StandardCharsets.UTF_8)).isEqualTo(message + "\r\n");
    }

    @Test
    void theOnlyTerminatorIsAtTheEnd() {
        byte[] wire = DotStuffing.encode(unescape("x\\r\\n.\\r\\n.\\n\\n.\\r\\ny"));
        String s = new String(wire, StandardCharsets.US_ASCII);
        assertThat(s.indexOf("\r\n.\r\n")).isEqualTo(s.length() - 5);
    }

    /**
     * The shortcut for messages that need no change must agree with the general walk wherever the byte that
     * needs changing sits relative to the eight-byte words the shortcut reads.
     */
    @ParameterizedTest(name = "[{index}] {0} at every offset")
    @CsvSource(delimiter = '|', value = {
            "nothing to change    | x",
            "line starting with . | \\r\\n.",
            "bare LF              | \\n",
            "bare CR              | \\r",
            "LF before a dot      | \\n.",
    })
    void theShortcutAgreesWithTheWalkAtEveryOffset(String name, String insert) {
        byte[] piece = unescape(insert);
        for (int at = 0; at <= 20; at++) {
            String filler = "abcdefghijklmnopqrstuvwxyz".substring(0, at);
            for (String tail : new String[] {"\r\n", "", "tail\r\n", "\r\n\r\n"}) {
                byte[] message = (filler + new String(piece, StandardCharsets.US_ASCII) + tail)
                        .getBytes(StandardCharsets.US_ASCII);
                assertThat(new String(DotStuffing.encode(message), StandardCharsets.US_ASCII))
                        .as("%s at offset %d before %s", name, at, tail.replace("\r", "CR").replace("\n", "LF"))
                        .isEqualTo(new String(DotStuffing.encodeByWalk(message), StandardCharsets.US_ASCII));
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "CRLF lines                 | Subject: a\\r\\n\\r\\nbody line one.\\r\\n | true",
            "empty                      | ''                                       | true",
            "no final CRLF              | a\\r\\nb                               | false",
            "dot line past the 1st word | 0123456789\\r\\n.x\\r\\n           | false",
            "bare LF past the 1st word  | 0123456789abcdef\\nx\\r\\n           | false",
            "first byte a dot           | .x\\r\\n                              | false",
            "8-bit bytes only           | caf\u00e9\\r\\n                       | true",
    })
    void tellsWhichMessagesGoOutUnchanged(String name, String input, boolean ready) {
        byte[] message = input.strip().replace("\\r", "\r").replace("\\n", "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DotStuffing.scan(message).wireReady()).as(name).isEqualTo(ready);
    }

    static byte[] unescape(String s) {
        return s.strip().replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
