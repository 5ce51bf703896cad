package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.testing.Ports;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Scanning on, but nothing listens where the scanners should be: by default the client gets {@code 451 4.7.0}
 * and keeps the message; {@link ScannerDownFailOpenIngressTest} shows the other choice.
 */
@QuarkusTest
@TestProfile(ScannerDownIngressTest.Down.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class ScannerDownIngressTest {

    public static class Down implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("postmesh.ingress.scan.enabled", "true",
                    "postmesh.ingress.scan.rspamd.url", "http://127.0.0.1:" + Ports.freePort(),
                    "postmesh.ingress.scan.clamd.port", Integer.toString(Ports.freePort()),
                    "postmesh.ingress.scan.rspamd.timeout", "5s",
                    "postmesh.ingress.scan.clamd.timeout", "5s");
        }
    }

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Test
    void aScannerThatIsDownMakesTheClientTryAgainLater() throws Exception {
        assertThat(ContentScanIngressTest.send(smtpPort, "Subject: hi\r\n\r\nhello\r\n"))
                .isEqualTo("451 4.7.0 Error: content scanner unavailable, try again later");
    }
}
