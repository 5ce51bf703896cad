package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Mail to the bounce domain from an untrusted client, over a real socket: accepted, and written to
 * {@code mail.bounces.inbound} instead of {@code mail.inbound}; a message for both is split by recipient.
 * Shares {@link RelayPolicyIngressTest}'s profile (bounce domain {@code bounces.postmesh.test}), so one
 * application start serves both.
 */
@QuarkusTest
@TestProfile(RelayPolicyIngressTest.Untrusted.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class BounceDomainIngressTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Test
    void aBounceToTheBounceDomainGoesToMailBouncesInbound() throws Exception {
        String verp = "b-" + UUID.randomUUID().toString().substring(0, 8) + "-x@bounces.postmesh.test";
        String queueId = send(verp);

        ConsumerRecord<byte[], byte[]> record = SmtpIngressTest.recordFor(bootstrap, Topics.BOUNCES_INBOUND, queueId);
        Envelope envelope = Json.envelope(record.headers().lastHeader(MailHeaders.ENVELOPE).value());
        assertThat(envelope.recipients()).extracting(Recipient::address).containsExactly(verp);
        assertThat(envelope.reversePath()).isEmpty();
        assertThat(SmtpIngressTest.header(record, MailHeaders.TRACEPARENT)).startsWith("00-");
        assertThat(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("Subject: Undelivered Mail Returned to Sender\r\n");
    }

    @Test
    void aMessageForBothSidesIsSplitByRecipient() throws Exception {
        String verp = "b-" + UUID.randomUUID().toString().substring(0, 8) + "-y@bounces.postmesh.test";
        String queueId = send("bob@example.test", verp);

        Envelope bounce = Json.envelope(SmtpIngressTest.recordFor(bootstrap, Topics.BOUNCES_INBOUND, queueId)
                .headers().lastHeader(MailHeaders.ENVELOPE).value());
        Envelope inbound = Json.envelope(SmtpIngressTest.recordFor(bootstrap, Topics.INBOUND, queueId)
                .headers().lastHeader(MailHeaders.ENVELOPE).value());
        assertThat(bounce.recipients()).extracting(Recipient::address).containsExactly(verp);
        assertThat(inbound.recipients()).extracting(Recipient::address).containsExactly("bob@example.test");
    }

    /** Sends a bounce-like message with a null reverse path to {@code recipients}; returns its queue id. */
    private String send(String... recipients) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO mx.remote.test");
            assertThat(c.command("MAIL FROM:<>")).isEqualTo("250 2.1.0 Ok");
            for (String r : recipients) {
                assertThat(c.command("RCPT TO:<" + r + ">")).isEqualTo("250 2.1.5 Ok");
            }
            assertThat(c.command("DATA")).startsWith("354 ");
            c.write("From: MAILER-DAEMON@remote.test\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\n"
                    + "gone\r\n.\r\n");
            String queueId = SmtpIngressTest.queueId(c.reply());
            c.command("QUIT");
            return queueId;
        }
    }
}
