package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The early-talker test (RFC 5321 §4.3.1; Postfix postscreen's pregreet test) over raw sockets: with a greeting
 * delay on the relay listener, a client that speaks first gets 554 5.5.1 and is disconnected, unheard.
 */
@QuarkusTest
@TestProfile(GuardedProfile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class EarlyTalkerIngressTest {

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @ConfigProperty(name = "postmesh.ingress.submission.port")
    int submissionPort;

    @Test
    void aClientThatTalksBeforeTheGreetingGets554AndNothingElse() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            // A whole pipelined transaction fired at once, as a spambot does without waiting for the 220.
            c.write("EHLO bot.test\r\nMAIL FROM:<bot@bot.test>\r\nRCPT TO:<victim@example.test>\r\nDATA\r\n"
                    + "Subject: spam\r\n\r\nbuy\r\n.\r\nQUIT\r\n");
            // The only reply is the refusal: no 220, no 250 for anything it sent.
            assertThat(c.reply()).isEqualTo("554 5.5.1 Error: talking before the greeting");
            assertThat(c.closedByServer(30_000)).isTrue();
        }
    }

    @Test
    void aClientThatWaitsIsGreetedAfterTheDelay() throws Exception {
        long start = System.nanoTime();
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            assertThat(c.reply()).isEqualTo("220 mx.postmesh.test ESMTP Postmesh");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(GuardedProfile.GREETING_DELAY_MILLIS);
            assertThat(c.command("EHLO client.test")).startsWith("250-");
            assertThat(c.command("QUIT")).startsWith("221 ");
        }
    }

    @Test
    void submissionHasNoGreetingDelayByDefault() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(submissionPort)) {
            // Sent at once: it is answered normally, after the greeting, since this listener does not wait.
            c.write("EHLO client.test\r\n");
            assertThat(c.reply()).isEqualTo("220 mx.postmesh.test ESMTP Postmesh");
            assertThat(c.reply()).startsWith("250-");
        }
    }
}
