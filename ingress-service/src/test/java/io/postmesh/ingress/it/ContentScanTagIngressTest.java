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

/** Relay policy {@code tag} with real rspamd and clamd: nothing is refused, the verdicts go into header fields. */
@QuarkusTest
@TestProfile(ContentScanTagIngressTest.Tagging.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
@WithTestResource(Scanners.class)
class ContentScanTagIngressTest {

    public static class Tagging implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("postmesh.ingress.scan.relay", "tag");
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
    void spamAndVirusesAreQueuedWithTheVerdictInTheirFields() throws Exception {
        String spam = stored(ContentScanIngressTest.send(smtpPort,
                "Subject: offer\r\n\r\n" + ContentScanIngressTest.GTUBE + "\r\n"));
        assertThat(spam).startsWith("X-Spam-Flag: YES\r\n").contains("\r\nX-Spam-Action: reject\r\n");

        String virus = stored(ContentScanIngressTest.send(smtpPort,
                "Subject: invoice\r\n\r\n" + ClamdProcess.EICAR + "\r\n"));
        assertThat(virus).contains("\r\nX-Virus-Status: Infected (" + ClamdProcess.SIGNATURE + ".UNOFFICIAL)\r\n");
    }

    private String stored(String reply) {
        return new String(SmtpIngressTest.recordFor(bootstrap, Topics.INBOUND, SmtpIngressTest.queueId(reply)).value(),
                StandardCharsets.UTF_8);
    }
}
