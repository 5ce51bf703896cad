package io.postmesh.delivery.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmtpCommandsTest {
    private static final ServerCapabilities PLAIN = ServerCapabilities.none();
    private static final ServerCapabilities RICH = ServerCapabilities.fromEhlo(List.of(
            "250-mx", "250-SIZE 1000000", "250-8BITMIME", "250-SMTPUTF8", "250 DSN"));

    private final Envelope job = Envelope.builder().queueId("Q1").reversePath("alice@src.test")
            .eightBitMime(true).ret(Envelope.Ret.HDRS).envId("env1").build();

    @Test
    void mailFromOnlyWithAnnouncedExtensions() {
        assertThat(SmtpCommands.mailFrom(job, PLAIN, 123)).isEqualTo("MAIL FROM:<alice@src.test>");
        assertThat(SmtpCommands.mailFrom(job, RICH, 123))
                .isEqualTo("MAIL FROM:<alice@src.test> SIZE=123 BODY=8BITMIME RET=HDRS ENVID=env1");
    }

    @Test
    void nullReversePath() {
        Envelope bounce = Envelope.builder().queueId("Q2").reversePath("").build();
        assertThat(SmtpCommands.mailFrom(bounce, PLAIN, 1)).isEqualTo("MAIL FROM:<>");
    }

    @Test
    void rcptWithDsnParameters() {
        Recipient bob = new Recipient("bob@d.test", Set.of(Recipient.Notify.SUCCESS, Recipient.Notify.FAILURE),
                "rfc822;bob@d.test");
        assertThat(SmtpCommands.rcptTo(bob, PLAIN)).isEqualTo("RCPT TO:<bob@d.test>");
        assertThat(SmtpCommands.rcptTo(bob, RICH))
                .isEqualTo("RCPT TO:<bob@d.test> NOTIFY=FAILURE,SUCCESS ORCPT=rfc822;bob@d.test");
    }
}
