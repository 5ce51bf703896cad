package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Scanners down with {@code fail-open=true}: the message is queued unscanned, and says so. */
@QuarkusTest
@TestProfile(ScannerDownFailOpenIngressTest.FailOpen.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class ScannerDownFailOpenIngressTest {

    public static class FailOpen extends ScannerDownIngressTest.Down {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("postmesh.ingress.scan.fail-open", "true");
            return config;
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Test
    void withFailOpenTheMessageIsQueuedUnscanned() throws Exception {
        String queueId = SmtpIngressTest.queueId(ContentScanIngressTest.send(smtpPort, "Subject: hi\r\n\r\nhello\r\n"));
        assertThat(new String(SmtpIngressTest.recordFor(bootstrap, Topics.INBOUND, queueId).value(),
                StandardCharsets.UTF_8)).startsWith("X-Spam-Status: unchecked (scanner unavailable)\r\nReceived: ");
    }
}
