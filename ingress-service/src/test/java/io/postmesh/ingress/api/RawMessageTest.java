package io.postmesh.ingress.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawMessageTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static String prepare(String message) {
        Submission s = RawMessage.prepare(message.getBytes(StandardCharsets.UTF_8), "a@sender.test",
                List.of("b@example.test"), "<Q1@mx.test>", NOW);
        return new String(s.content(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // input (\n, \r escaped)                                            | expected header section and body
            "Message-ID: <x@y>\\nDate: d\\n\\nbody\\n                             | Message-ID: <x@y>\\r\\nDate: d\\r\\n\\r\\nbody\\r\\n",
            "Message-ID: <x@y>\\r\\nDate: d\\r\\n\\r\\nbody                       | Message-ID: <x@y>\\r\\nDate: d\\r\\n\\r\\nbody",
            "Message-ID: <x@y>\\nDate: d\\nBcc: c@z.test\\n\\nbody\\n             | Message-ID: <x@y>\\r\\nDate: d\\r\\n\\r\\nbody\\r\\n",
            "Message-ID: <x@y>\\nDate: d\\nBCC: c@z.test,\\n d@z.test\\nTo: b\\n\\nx | Message-ID: <x@y>\\r\\nDate: d\\r\\nTo: b\\r\\n\\r\\nx",
            "Message-ID: <x@y>\\nDate: d\\nResent-Bcc: c@z.test\\n\\nBcc: kept in the body\\n | Message-ID: <x@y>\\r\\nDate: d\\r\\n\\r\\nBcc: kept in the body\\r\\n",
            "Message-ID: <x@y>\\nDate: d\\nSubject: a\\n\\tb\\n                      | Message-ID: <x@y>\\r\\nDate: d\\r\\nSubject: a\\r\\n\\tb\\r\\n",
            "Date: d\\nSubject: s\\n\\nbody                                           | Message-ID: <Q1@mx.test>\\r\\nDate: d\\r\\nSubject: s\\r\\n\\r\\nbody",
            "\\nbody only                                                             | Message-ID: <Q1@mx.test>\\r\\nDate: DATE\\r\\n\\r\\nbody only",
    })
    void onlyLineEndsBccAndMissingFieldsChange(String input, String expected) {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        try {
            assertThat(prepare(unescape(input)))
                    .isEqualTo(unescape(expected).replace("DATE", "Sun, 22 Nov 2026 10:00:00 +0000"));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Subject: a\\rb\\n\\nx      | bare-cr",
            "Subject: a\\n\\nx\\r       | bare-cr",
            "not a header\\n\\nbody     | no-header-section",
            "Subject: a\\nbroken\\n\\nx | bad-header-line",
            ": empty name\\n\\nx        | no-header-section",
    })
    void malformedMessagesAreRefused(String input, String reason) {
        assertThatThrownBy(() -> prepare(unescape(input)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().field()).isEqualTo("body");
                    assertThat(e.problem().reason()).isEqualTo(reason);
                });
    }

    @Test
    void theEnvelopeAndTheMessageIdAreReported() {
        Submission s = RawMessage.prepare("Message-ID:\r\n <own@x.test>\r\n\r\nbody é".getBytes(StandardCharsets.UTF_8),
                "<a@sender.test>", List.of("b@example.test", "B@EXAMPLE.test", "b@example.test"), "<Q@mx>", NOW);
        assertThat(s.reversePath()).isEqualTo("a@sender.test");
        assertThat(s.recipients()).containsExactly("b@example.test", "B@EXAMPLE.test");
        assertThat(s.messageId()).isEqualTo("<own@x.test>");
        assertThat(s.eightBitMime()).isTrue();
        assertThat(s.smtpUtf8()).isFalse();
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }
}
