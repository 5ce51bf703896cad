package io.postmesh.loadgen.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # line                                   | code | enhanced | error key  | positive
            250 2.0.0 Ok: queued as 42                | 250  | 2.0.0    | 250 2.0.0  | true
            354 End data with <CR><LF>.<CR><LF>       | 354  | ''       | 354        | true
            451 4.7.1 Try again later                 | 451  | 4.7.1    | 451 4.7.1  | false
            554 5.7.1 Relay access denied             | 554  | 5.7.1    | 554 5.7.1  | false
            421                                       | 421  | ''       | 421        | false
            550 5.1.1x not an enhanced code           | 550  | ''       | 550        | false
            """)
    void singleLineReplies(String line, int code, String enhanced, String key, boolean positive) {
        SmtpReply reply = new ReplyParser().line(line).orElseThrow();
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.enhancedStatus()).isEqualTo(enhanced);
        assertThat(reply.errorKey()).isEqualTo(key);
        assertThat(reply.positive()).isEqualTo(positive);
    }

    @Test
    void multiLineReplyEndsAtTheLineWithASpace() {
        ReplyParser parser = new ReplyParser();
        List<Optional<SmtpReply>> out = new ArrayList<>();
        for (String line : List.of("250-mx.example.test", "250-PIPELINING", "250-SIZE 1000", "250 8BITMIME")) {
            out.add(parser.line(line));
        }
        assertThat(out.subList(0, 3)).allMatch(Optional::isEmpty);
        SmtpReply ehlo = out.get(3).orElseThrow();
        assertThat(ehlo.lines()).containsExactly("mx.example.test", "PIPELINING", "SIZE 1000", "8BITMIME");
        assertThat(ehlo.advertises("PIPELINING")).isTrue();
        assertThat(ehlo.advertises("size")).isTrue();
        assertThat(ehlo.advertises("SIZ")).isFalse();
        assertThat(ehlo.advertises("CHUNKING")).isFalse();
        // The parser starts afresh after a complete reply.
        assertThat(parser.line("221 2.0.0 Bye").orElseThrow().lines()).containsExactly("2.0.0 Bye");
    }

    @ParameterizedTest
    @CsvSource({"hello", "25", "2x0 Ok", "''"})
    void rejectsLinesThatAreNotReplies(String line) {
        assertThatThrownBy(() -> new ReplyParser().line(line)).isInstanceOf(IllegalArgumentException.class);
    }
}
