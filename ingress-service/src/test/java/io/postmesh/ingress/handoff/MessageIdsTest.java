package io.postmesh.ingress.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageIdsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "Received: x\\r\\nMessage-ID: <a@b.test>\\r\\nSubject: s\\r\\n\\r\\nbody | <a@b.test>",
        "message-id:<a@b.test>\\r\\n\\r\\n                                     | <a@b.test>",
        "Message-Id:\\r\\n <folded@b.test>\\r\\n\\r\\n                          | <folded@b.test>",
        "Subject: s\\r\\n\\r\\nMessage-ID: <in-body@b.test>\\r\\n                 | NULL",
        "Subject: no id\\r\\n\\r\\n                                            | NULL",
        "Message-ID:   \\r\\n\\r\\n                                            | NULL",
        "X-Message-ID: <not@this.test>\\r\\n\\r\\n                             | NULL"})
    void findsTheHeaderInTheHeaderSectionOnly(String message, String expected) {
        byte[] bytes = message.replace("\\r\\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(MessageIds.find(bytes)).isEqualTo(expected);
    }
}
