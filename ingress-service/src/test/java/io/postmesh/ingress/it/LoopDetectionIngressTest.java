package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Loop detection over a real socket (RFC 5321 §6.3): ingress prepends its own Received field, so a message
 * that arrives with 99 has 100 and passes, one with 100 has 101 and is refused with 554 5.4.6 — and the
 * session goes on.
 */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class LoopDetectionIngressTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Test
    void oneHopOverTheLimitIsRefusedAndTheSessionGoesOn() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(send(c, 100)).isEqualTo("554 5.4.6 Error: too many hops");
            String queueId = SmtpIngressTest.queueId(send(c, 99));
            ConsumerRecord<byte[], byte[]> record = SmtpIngressTest.recordFor(bootstrap, Topics.INBOUND, queueId);
            String stored = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(stored.split("\r\nReceived: |^Received: ", -1)).hasSize(101);
            assertThat(c.command("QUIT")).isEqualTo("221 2.0.0 Bye");
        }
    }

    private static String send(SmtpTestClient c, int received) throws Exception {
        assertThat(c.command("MAIL FROM:<a@client.test>")).isEqualTo("250 2.1.0 Ok");
        assertThat(c.command("RCPT TO:<b@example.test>")).isEqualTo("250 2.1.5 Ok");
        assertThat(c.command("DATA")).startsWith("354 ");
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < received; i++) {
            m.append("Received: from hop").append(i).append(".test by hop").append(i + 1).append(".test; date\r\n");
        }
        m.append("Subject: loop\r\n\r\nround and round\r\n.\r\n");
        c.write(m.toString());
        return c.reply();
    }
}
