package io.postmesh.ingress.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base64ContentTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "aGVsbG8=            | hello",
            "'aGVs\r\nbG8='      | hello",
            "'aGVs bG8='         | hello",
            "aGVsbG8             | hello",
            "''                  | ''",
    })
    void decodes(String base64, String text) {
        assertThat(new String(Base64Content.decode(base64, "f"), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"aGVs*bG8=", "aGVsbG8=aGVs", "a", "aGVsbG8-", "aGVsbG8_"})
    void refusesWhatTheLenientDecoderWouldSkip(String base64) {
        assertThatThrownBy(() -> Base64Content.decode(base64, "attachments[2].content"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().field()).isEqualTo("attachments[2].content");
                    assertThat(e.problem().reason()).isEqualTo("bad-base64");
                });
    }
}
