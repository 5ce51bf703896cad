package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The relay listener behind a load balancer that speaks the PROXY protocol: the client address in the header
 * (v1 text or v2 binary) is the one relay policy, the envelope and the Received header see. Only 127.0.0.1 is
 * trusted here, so a proxied outsider may not relay while the proxy's own address would.
 */
@QuarkusTest
@TestProfile(ProxyProtocolIngressTest.BehindProxy.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class ProxyProtocolIngressTest {

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("postmesh.ingress.smtp.proxy-protocol", "true",
                    "postmesh.ingress.trusted-networks", "127.0.0.1/32",
                    "postmesh.ingress.relay-domains", "example.test");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Test
    void aVersion1HeaderGivesTheRealClientAddress() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.write("PROXY TCP4 203.0.113.7 127.0.0.1 40000 " + smtpPort + "\r\n");
            String queueId = sendAndCheckRelay(c);
            assertClient(queueId, "203.0.113.7");
        }
    }

    @Test
    void aVersion2HeaderGivesTheRealClientAddress() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.writeBytes(v2Header("198.51.100.23", "127.0.0.1", 41000, smtpPort));
            String queueId = sendAndCheckRelay(c);
            assertClient(queueId, "198.51.100.23");
        }
    }

    @Test
    void aProxiedTrustedAddressMayRelay() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.5", smtpPort)) {
            // The TCP peer (127.0.0.5) is not trusted; the client it speaks for (127.0.0.1) is.
            c.write("PROXY TCP4 127.0.0.1 127.0.0.1 40001 " + smtpPort + "\r\n");
            assertThat(c.reply()).startsWith("220 ");
            c.command("EHLO proxied.test");
            assertThat(c.command("MAIL FROM:<alice@client.test>")).isEqualTo("250 2.1.0 Ok");
            assertThat(c.command("RCPT TO:<carol@elsewhere.test>")).isEqualTo("250 2.1.5 Ok");
        }
    }

    /** Outsider behind the proxy: the relay domain is accepted, another domain refused; one message queued. */
    private String sendAndCheckRelay(SmtpTestClient c) throws Exception {
        assertThat(c.reply()).startsWith("220 ");
        c.command("EHLO proxied.test");
        assertThat(c.command("MAIL FROM:<alice@client.test>")).isEqualTo("250 2.1.0 Ok");
        assertThat(c.command("RCPT TO:<carol@elsewhere.test>")).isEqualTo("554 5.7.1 Error: relay access denied");
        assertThat(c.command("RCPT TO:<bob@example.test>")).isEqualTo("250 2.1.5 Ok");
        assertThat(c.command("DATA")).startsWith("354 ");
        c.write("Subject: proxied\r\n\r\nhello\r\n.\r\n");
        String queueId = SmtpIngressTest.queueId(c.reply());
        c.command("QUIT");
        return queueId;
    }

    private void assertClient(String queueId, String address) throws Exception {
        ConsumerRecord<byte[], byte[]> record = SmtpIngressTest.recordFor(bootstrap, Topics.INBOUND, queueId);
        Envelope envelope = Json.envelope(record.headers().lastHeader(MailHeaders.ENVELOPE).value());
        assertThat(envelope.clientAddress()).isEqualTo(address);
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .startsWith("Received: from proxied.test ([" + address + "])");
    }

    /** A PROXY protocol v2 header (haproxy proxy-protocol.txt §2.2): PROXY command, TCP over IPv4. */
    private static byte[] v2Header(String source, String destination, int sourcePort, int destinationPort)
            throws Exception {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        h.write(0x21); // version 2, PROXY
        h.write(0x11); // AF_INET, STREAM
        h.write(0x00);
        h.write(12);   // address block length
        h.write(InetAddress.getByName(source).getAddress());
        h.write(InetAddress.getByName(destination).getAddress());
        h.write(sourcePort >> 8);
        h.write(sourcePort & 0xFF);
        h.write(destinationPort >> 8);
        h.write(destinationPort & 0xFF);
        return h.toByteArray();
    }
}
