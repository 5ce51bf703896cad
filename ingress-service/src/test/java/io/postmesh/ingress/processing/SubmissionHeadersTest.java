package io.postmesh.ingress.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubmissionHeadersTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 22, 9, 5, 7, 0, ZoneOffset.UTC);
    private static final String DATE = "Date: Sun, 22 Nov 2026 09:05:07 +0000|";
    private static final String MID = "Message-ID: <Q1@mx.test>|";

    /** | stands for CRLF; {D} and {M} in the expectation for the added Date and Message-ID fields. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "Received: r|From: a@x.test||hi|;                          Received: r|From: a@x.test|{D}{M}|hi|",
        "Received: r|Date: d|From: a@x.test||hi|;                  Received: r|Date: d|From: a@x.test|{M}|hi|",
        "Received: r|message-id: <m@x>|From: a@x.test||hi|;        Received: r|message-id: <m@x>|From: a@x.test|{D}|hi|",
        "Date: d|Message-ID: <m@x>||hi|;                           Date: d|Message-ID: <m@x>||hi|",
        "Received: r|Subject: s|;                                  Received: r|Subject: s|{D}{M}|",
        "Received: r|Subject: s;                                   Received: r|Subject: s|{D}{M}|",
        "Received: r||;                                            Received: r|{D}{M}|",
    })
    void addsOnlyWhatIsMissingAtTheEndOfTheHeaderSection(String message, String expected) {
        byte[] out = SubmissionHeaders.complete(bytes(message), SubmissionHeaders.messageId("Q1", "mx.test"), NOW);
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo(expected.replace("{D}", DATE).replace("{M}", MID).replace("|", "\r\n"));
    }

    private static byte[] bytes(String s) {
        return s.replace("|", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
