package io.postmesh.bounce.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderTextTest {

    static Stream<Arguments> folding() {
        String word90 = "a".repeat(90);
        return Stream.of(
                Arguments.of("short stays on one line", "Subject", "Undelivered Mail Returned to Sender",
                        "Subject: Undelivered Mail Returned to Sender\r\n"),
                Arguments.of("whitespace runs collapse", "Action", "  failed \t  now ", "Action: failed now\r\n"),
                Arguments.of("folds before a space at 78", "Diagnostic-Code",
                        "smtp; 550 5.7.1 aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggg",
                        "Diagnostic-Code: smtp; 550 5.7.1 aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd\r\n"
                                + " eeeeeeeeee ffffffffff gggg\r\n"),
                Arguments.of("an unbreakable word is kept whole", "X", word90 + " b",
                        "X: " + word90 + "\r\n b\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folding")
    void folds(String name, String field, String value, String expected) {
        assertThat(HeaderText.field(field, value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "plain|plain",
        "a+2Bb|a+b",
        "a+3Db+20c|a=b c",
        "trailing+|trailing+",
        "bad+2g|bad+2g",
        "lower+2b|lower+2b",
        "end+2B|end+",
    })
    void decodesXtext(String xtext, String decoded) {
        assertThat(HeaderText.xtextDecode(xtext)).isEqualTo(decoded);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2026-11-20T08:00:00Z|Fri, 20 Nov 2026 08:00:00 +0000",
        "2026-01-02T23:59:59.900Z|Fri, 2 Jan 2026 23:59:59 +0000",
    })
    void formatsRfc5322Dates(String instant, String expected) {
        assertThat(HeaderText.date(Instant.parse(instant))).isEqualTo(expected);
    }
}
