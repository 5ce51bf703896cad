package io.postmesh.delivery.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStuffingTest {

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

    static byte[] unescape(String s) {
        return s.strip().replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
