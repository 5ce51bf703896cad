package io.postmesh.delivery.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.capture.HeaderSection.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderSectionTest {

    @Test
    void unfoldsAndStopsAtTheBody() {
        String message = "From: Alice <alice@src.test>\r\n"
                + "Subject: a long\r\n  folded subject\r\n"
                + "X-Empty:\r\n"
                + "Received: from a\r\n\tby b\r\n"
                + "\r\n"
                + "Not-A-Header: body text\r\n";
        assertThat(HeaderSection.parse(message.getBytes(StandardCharsets.UTF_8))).containsExactly(
                new Field("From", "Alice <alice@src.test>"),
                new Field("Subject", "a long  folded subject"),
                new Field("X-Empty", ""),
                new Field("Received", "from a\tby b"));
    }

    @Test
    void headerOnlyMessageAndUtf8() {
        assertThat(HeaderSection.parse("Subject: Grüße\r\nTo: bob@d.test".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(List.of(new Field("Subject", "Grüße"), new Field("To", "bob@d.test")));
    }

    @Test
    void linesWithoutColonAreSkipped() {
        assertThat(HeaderSection.parse("garbage\r\nA: 1\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(new Field("A", "1"));
    }
}
