package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.postmesh.testing.scan.ClamdProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Content scanning over real SMTP with real rspamd and clamd, relay policy {@code reject}: a virus is refused
 * with 554 5.7.0, GTUBE with 550 5.7.1, clean mail is queued with the scanners' header fields.
 */
@QuarkusTest
@TestProfile(ContentScanIngressTest.Scanning.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
@WithTestResource(Scanners.class)
class ContentScanIngressTest {
    /** The GTUBE test string (spamassassin.apache.org/gtube): rspamd's action for it is always reject. */
    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    /** Its own profile, so that the other tests keep scanning off (the default). */
    public static class Scanning implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("postmesh.ingress.processing.max-received-headers", "100");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @BeforeAll
    static void scanners() {
        Scanners.require();
    }

    @Test
    void aVirusIsRefusedWith554() throws Exception {
        assertThat(send(smtpPort, "Subject: invoice\r\n\r\n" + ClamdProcess.EICAR + "\r\n"))
                .isEqualTo("554 5.7.0 Error: message contains a virus (" + ClamdProcess.SIGNATURE + ".UNOFFICIAL)");
    }

    @Test
    void spamRspamdWouldRejectIsRefusedWith550() throws Exception {
        assertThat(send(smtpPort, "Subject: offer\r\n\r\n" + GTUBE + "\r\n"))
                .isEqualTo("550 5.7.1 Error: message refused as spam");
    }

    @Test
    void cleanMailIsQueuedWithTheScannersFields() throws Exception {
        String queueId = SmtpIngressTest.queueId(send(smtpPort,
                "From: a@client.test\r\nSubject: lunch\r\n\r\nShall we meet at noon?\r\n"));
        String stored = new String(SmtpIngressTest.recordFor(bootstrap, Topics.INBOUND, queueId).value(),
                StandardCharsets.UTF_8);
        assertThat(stored).startsWith("X-Spam-Flag: NO\r\nX-Spam-Score: ")
                // rspamd's action for clean mail without DNS (no rDNS, no SPF) may be "no action" or "greylist".
                .containsPattern("\r\nX-Spam-Action: [a-z ]+\r\nX-Virus-Scanned: ClamAV\r\nX-Virus-Status: Clean\r\n"
                        + "Received: ")
                .endsWith("Shall we meet at noon?\r\n");
    }

    /** One transaction on a new connection; the reply to the data. */
    static String send(int port, String message) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("MAIL FROM:<a@client.test>")).isEqualTo("250 2.1.0 Ok");
            assertThat(c.command("RCPT TO:<b@example.test>")).isEqualTo("250 2.1.5 Ok");
            assertThat(c.command("DATA")).startsWith("354 ");
            c.write(message + ".\r\n");
            String reply = c.reply();
            // The session goes on after a refusal.
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok");
            return reply;
        }
    }
}
