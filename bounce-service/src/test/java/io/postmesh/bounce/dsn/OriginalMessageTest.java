package io.postmesh.bounce.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginalMessageTest {

    static String show(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n");
    }

    static byte[] unshow(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "headers and body|A: 1\\r\\nB: 2\\r\\n\\r\\nbody\\r\\n|A: 1\\r\\nB: 2\\r\\n",
        "no body|A: 1\\r\\n|A: 1\\r\\n",
        "no header fields|\\r\\nbody\\r\\n|''",
        "blank line in the body is not the end|A: 1\\r\\n\\r\\nx\\r\\n\\r\\ny\\r\\n|A: 1\\r\\n",
    })
    void headerSection(String name, String message, String expected) {
        assertThat(show(OriginalMessage.headerSection(unshow(message)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "clean stays|a\\r\\nb\\r\\n|a\\r\\nb\\r\\n",
        "bare LF|a\\nb\\n|a\\r\\nb\\r\\n",
        "bare CR|a\\rb\\r\\n|a\\r\\nb\\r\\n",
        "no final line end|a\\r\\nb|a\\r\\nb\\r\\n",
    })
    void crlfTerminated(String name, String in, String expected) {
        assertThat(show(OriginalMessage.crlfTerminated(unshow(in)))).isEqualTo(expected);
    }

    @Test
    void boundaryNeverOccursInTheReturnedMessage() throws Exception {
        String qid = "01JDSN0000000000ABCD";
        String hostile = "Subject: x\r\n\r\n--=_pm_" + qid + "\r\n--=_pm_" + qid + "_1--\r\nend\r\n";
        Envelope job = Envelope.builder().reversePath("alice@sender.test").ret(Envelope.Ret.FULL)
                .recipients(List.of(Recipient.of("bob@example.test"))).build();

        Dsn dsn = new DsnBuilder("mta.example.net", "postmaster@example.net")
                .build(job, List.of(), hostile.getBytes(StandardCharsets.US_ASCII), qid, Instant.now()).orElseThrow();

        ParsedDsn parsed = ParsedDsn.parse(dsn.bytes());
        assertThat(parsed.report.getCount()).isEqualTo(3);
        assertThat(ParsedDsn.text(parsed.part(2))).isEqualTo(hostile);
    }
}
