package io.postmesh.ingress.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderSectionTest {

    /** Messages are written with | for CRLF. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // message;                                      names;                 header end; body start
        "A: 1|B: 2||body|;                               A,B;                   12;         14",
        "A: 1| folded|B: 2||body|;                       A,B;                   21;         23",
        "A: 1|B: 2|;                                     A,B;                   12;         12",
        "A: 1|B: 2;                                      A,B;                   10;         10",
        "||body|;                                        '';                    0;          2",
        "A: 1|no colon here|B: 2|;                       A;                     6;          6",
        "Subject : x|Received: r|  more||;               Subject,Received;      34;         36",
    })
    void splitsTheHeaderSectionIntoFields(String message, String names, int headerEnd, int bodyStart) {
        HeaderSection h = HeaderSection.parse(crlf(message));
        assertThat(String.join(",", h.fields().stream().map(HeaderSection.Field::name).toList())).isEqualTo(names);
        assertThat(h.headerEnd()).isEqualTo(headerEnd);
        assertThat(h.bodyStart()).isEqualTo(bodyStart);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "Message-ID: <a@b>|;              Message-ID; <a@b>",
        "message-id:|  <a@b>|;            MESSAGE-ID; <a@b>",
        "Subject: one|\ttwo|;             subject;    one\ttwo",
    })
    void valuesAreUnfoldedAndNamesCaseInsensitive(String message, String name, String value) {
        assertThat(HeaderSection.parse(crlf(message)).firstValue(name)).contains(value);
    }

    static byte[] crlf(String s) {
        return s.replace("|", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
