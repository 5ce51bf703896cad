package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postmesh.ingress.smtp.transport.SmtpServer;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A client that stalls in DATA cannot hold the shutdown: after {@code postmesh.ingress.drain-timeout} the
 * listeners close and cut it, without a 250 (so it keeps the message and sends it again).
 */
@QuarkusTest
@TestProfile(DrainTimeoutIngressTest.Profile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class DrainTimeoutIngressTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("postmesh.ingress.drain-timeout", "2s");
        }
    }

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @ConfigProperty(name = "postmesh.ingress.drain-timeout")
    java.time.Duration drainTimeout;

    @Inject
    SmtpServer server;

    @Test
    void aSessionStalledInDataIsCutAtTheDrainTimeoutWithoutA250() throws Exception {
        try (SmtpTestClient stalled = SmtpTestClient.connect(smtpPort)) {
            stalled.reply();
            stalled.command("EHLO client.test");
            stalled.command("MAIL FROM:<alice@client.test>");
            stalled.command("RCPT TO:<bob@example.test>");
            assertThat(stalled.command("DATA")).startsWith("354 ");
            stalled.write("Subject: never finished\r\n\r\nhalf\r\n");

            // The same call the shutdown observer makes; it returns once the timeout has cut the session.
            server.drainAndClose(drainTimeout);

            // No reply at all: the connection ends (EOF or reset) before any line arrives.
            assertThatThrownBy(stalled::reply).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> SmtpTestClient.connect(smtpPort)).isInstanceOf(ConnectException.class);
            assertThat(server.openSessions()).isZero();
        }
    }
}
