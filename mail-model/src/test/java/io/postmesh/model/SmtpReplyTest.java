package io.postmesh.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "250 2.0.0 Ok: queued as ABC      | 250 | 2.0.0 | Ok: queued as ABC",
            "550 5.1.1 <bob@x.test>: unknown  | 550 | 5.1.1 | <bob@x.test>: unknown",
            "421 4.7.0 try later              | 421 | 4.7.0 | try later",
            "250 ok                           | 250 | null  | ok",
            "554 2.0.0 mismatched class       | 554 | null  | 2.0.0 mismatched class",
            "220                              | 220 | null  | ''",
    })
    void parsesCodeEnhancedStatusAndText(String line, int code, String enhanced, String text) {
        SmtpReply reply = SmtpReply.parse(line.strip());
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.enhanced()).isEqualTo(enhanced);
        assertThat(reply.text()).isEqualTo(text == null ? "" : text);
    }

    @Test
    void joinsMultilineReplies() {
        SmtpReply reply = SmtpReply.parse(List.of("550-5.1.1 The email account does not exist.",
                "550 5.1.1 Please try again."));
        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.enhanced()).isEqualTo("5.1.1");
        assertThat(reply.text()).isEqualTo("The email account does not exist. Please try again.");
        assertThat(reply.permanentFailure()).isTrue();
        assertThat(reply.toString()).isEqualTo("550 5.1.1 The email account does not exist. Please try again.");
    }

    @Test
    void defaultsEnhancedStatusFromClass() {
        assertThat(SmtpReply.parse("451 local error").enhancedOrDefault()).isEqualTo("4.0.0");
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> SmtpReply.parse("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpReply.parse("ab")).isInstanceOf(IllegalArgumentException.class);
    }
}
