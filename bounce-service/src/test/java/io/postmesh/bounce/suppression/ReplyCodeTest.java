package io.postmesh.bounce.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyCodeTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(nullValues = "NONE", value = {
            "550 5.1.1 user unknown, 550",
            "552-5.2.2 mailbox full, 552",
            "554, 554",
            "5.1.1 no code, 0",
            "55, 0",
            "NONE, 0"})
    void replyCode(String reply, int code) {
        assertThat(BouncedEventConsumer.replyCode(reply)).isEqualTo(code);
    }
}
