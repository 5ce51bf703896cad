package io.postmesh.ingress.it;

import static io.postmesh.ingress.it.SmtpIngressTest.queueId;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Kafka goes away while a client is in DATA: the client gets 451 4.3.0, never 250 (durable before acknowledged). */
@QuarkusTest
@WithTestResource(PrivateKafka.class)
@WithTestResource(IngressListeners.class)
class BrokerDownTest {

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Test
    void brokerStoppedDuringDataGives451AndTheSessionContinues() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            // While the broker is up, mail is accepted.
            c.command("MAIL FROM:<a@client.test>");
            c.command("RCPT TO:<b@example.test>");
            c.command("DATA");
            queueId(c.command("Subject: before\r\n\r\nup\r\n."));

            c.command("MAIL FROM:<a@client.test>");
            c.command("RCPT TO:<b@example.test>");
            assertThat(c.command("DATA")).startsWith("354 ");
            c.write("Subject: during\r\n\r\ndown\r\n");
            PrivateKafka.broker().stop();
            assertThat(c.command(".")).isEqualTo("451 4.3.0 Requested action aborted: queue unavailable, try again");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok");
            assertThat(c.command("QUIT")).isEqualTo("221 2.0.0 Bye");
        }
    }
}
