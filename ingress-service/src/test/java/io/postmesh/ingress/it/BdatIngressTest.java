package io.postmesh.ingress.it;

import static io.postmesh.ingress.it.SmtpIngressTest.queueId;
import static io.postmesh.ingress.it.SmtpIngressTest.recordFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** CHUNKING (RFC 3030) over a real socket: pipelined BDAT chunks, the size limit, a pipelined next message. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class BdatIngressTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pipelinedChunksBecomeOneMessageAndTheNextTransactionFollows() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = bytes("Subject: bdat\r\n\r\n.line with a dot\r\n");
        byte[] second = bytes("8bit: \u00e9t\u00e9\r\n.\r\n");  // a lone dot is just data in BDAT
        out.writeBytes(bytes("MAIL FROM:<alice@client.test> BODY=8BITMIME\r\nRCPT TO:<bob@example.test>\r\n"));
        out.writeBytes(bytes("BDAT " + first.length + "\r\n"));
        out.writeBytes(first);
        out.writeBytes(bytes("BDAT " + second.length + " LAST\r\n"));
        out.writeBytes(second);
        out.writeBytes(bytes("MAIL FROM:<alice@client.test>\r\nRCPT TO:<bob@example.test>\r\nBDAT 0 LAST\r\n"));
        String id1;
        String id2;
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            assertThat(c.command("EHLO client.test")).contains("250 CHUNKING", "250-PIPELINING");
            c.writeBytes(out.toByteArray());  // everything in one write (RFC 2920 + RFC 3030 §4.2)
            assertThat(c.reply()).isEqualTo("250 2.1.0 Ok");
            assertThat(c.reply()).isEqualTo("250 2.1.5 Ok");
            assertThat(c.reply()).isEqualTo("250 2.0.0 Ok: " + first.length + " octets received");
            id1 = queueId(c.reply());
            assertThat(c.reply()).isEqualTo("250 2.1.0 Ok");
            assertThat(c.reply()).isEqualTo("250 2.1.5 Ok");
            id2 = queueId(c.reply());
            assertThat(c.command("QUIT")).startsWith("221 ");
        }
        byte[] stored = recordFor(bootstrap, Topics.INBOUND, id1).value();
        String text = new String(stored, StandardCharsets.UTF_8);
        assertThat(text).startsWith("Received: from client.test ([127.0.0.1])")
                .endsWith("\r\nSubject: bdat\r\n\r\n.line with a dot\r\n8bit: \u00e9t\u00e9\r\n.\r\n");
        assertThat(recordFor(bootstrap, Topics.INBOUND, id2).value()).isNotEmpty();
    }

    @Test
    void aChunkOverTheSizeLimitIsConsumedAndRefused() throws Exception {
        byte[] big = new byte[70_000];  // over the test SIZE limit (65536) and over one 64 KiB read piece
        java.util.Arrays.fill(big, (byte) 'x');
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<alice@client.test>");
            c.command("RCPT TO:<bob@example.test>");
            c.writeBytes(bytes("BDAT " + big.length + " LAST\r\n"));
            c.writeBytes(big);
            assertThat(c.reply()).isEqualTo("552 5.3.4 Error: message size exceeds fixed limit");
            // In step again: the 70,000 octets were not taken for commands.
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok");
            assertThat(c.command("BDAT 1 LAST\r\nx").substring(0, 9)).isEqualTo("503 5.5.1");
        }
    }

    @Test
    void bareLfInAChunkIsRefused() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<alice@client.test>");
            c.command("RCPT TO:<bob@example.test>");
            c.write("BDAT 13 LAST\r\nSubject: x\n\nz");
            assertThat(c.reply()).startsWith("550 5.5.2 ");
        }
    }
}
