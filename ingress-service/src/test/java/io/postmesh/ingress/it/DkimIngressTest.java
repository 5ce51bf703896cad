package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.dkim.PythonDkimVerifier;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Topics;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DKIM signing over real SMTP from a trusted client: what lands on {@code mail.inbound} is signed with the
 * From domain's key and verified by python3-dkim against the key in the test DNS server.
 */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
@WithTestResource(DkimKeysResource.class)
class DkimIngressTest {
    static TestDnsServer dns;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @BeforeAll
    static void verifier() {
        PythonDkimVerifier.requireInstalled();
    }

    private int dnsPort() throws Exception {
        synchronized (DkimIngressTest.class) {
            if (dns == null) {
                // Read, not injected: every @QuarkusTest class is validated against whichever app starts.
                Path keyDir = Path.of(ConfigProvider.getConfig().getValue("test.dkim.dir", String.class));
                Zones zones = new Zones();
                for (String name : new String[] {"s1._domainkey.rsa.test", "s2._domainkey.ed.test"}) {
                    zones.txt(name, Files.readString(keyDir.resolve(name + ".txt")));
                }
                dns = TestDnsServer.start(zones);
            }
            return dns.port();
        }
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
            dns = null;
        }
    }

    @ParameterizedTest(name = "From {0}: d={1}, a={2}")
    @CsvSource({
        "alice@rsa.test,        rsa.test, rsa-sha256",
        "bob@news.ed.test,      ed.test,  ed25519-sha256",
        "carol@alias.test,      rsa.test, rsa-sha256",
    })
    void mailFromADomainWithAKeyIsSignedAndVerifies(String from, String domain, String algorithm) throws Exception {
        byte[] stored = send(from);
        String text = new String(stored, StandardCharsets.UTF_8);
        assertThat(text).startsWith("DKIM-Signature: v=1; a=" + algorithm + "; c=relaxed/relaxed;\r\n\td=" + domain
                + "; ");
        PythonDkimVerifier.Result result = PythonDkimVerifier.verify(stored, dnsPort());
        assertThat(result.verified()).as(result.output()).isTrue();

        String tampered = text.replace("the quarterly figures", "the bank details");
        PythonDkimVerifier.Result bad = PythonDkimVerifier.verify(tampered.getBytes(StandardCharsets.UTF_8), dnsPort());
        assertThat(bad.verified()).as(bad.output()).isFalse();
    }

    @Test
    void mailFromADomainWithoutAKeyIsNotSigned() throws Exception {
        String text = new String(send("dave@nokey.test"), StandardCharsets.UTF_8);
        assertThat(text).startsWith("Received: ").doesNotContain("DKIM-Signature");
    }

    /** Sends one message over SMTP and returns the bytes stored on mail.inbound. */
    private byte[] send(String from) throws Exception {
        String queueId;
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("MAIL FROM:<" + from + ">")).isEqualTo("250 2.1.0 Ok");
            assertThat(c.command("RCPT TO:<bob@example.test>")).isEqualTo("250 2.1.5 Ok");
            assertThat(c.command("DATA")).startsWith("354 ");
            c.write("From: Someone <" + from + ">\r\nTo: bob@example.test\r\nSubject: figures\r\n"
                    + "Date: Sun, 22 Nov 2026 09:05:07 +0000\r\nMessage-ID: <" + System.nanoTime() + "@client.test>\r\n"
                    + "\r\nHere are the quarterly figures.\r\n.\r\n");
            queueId = SmtpIngressTest.queueId(c.reply());
        }
        ConsumerRecord<byte[], byte[]> record = SmtpIngressTest.recordFor(bootstrap, Topics.INBOUND, queueId);
        assertThat(Json.envelope(record.headers().lastHeader(MailHeaders.ENVELOPE).value()).size())
                .isEqualTo(record.value().length);
        return record.value();
    }
}
