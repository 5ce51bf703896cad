package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Each listener has its own address and AUTH requirement: here the relay listener binds 127.0.0.2 only and requires AUTH. */
@QuarkusTest
@TestProfile(ListenerConfigIngressTest.OwnAddress.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class ListenerConfigIngressTest {

    public static class OwnAddress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("postmesh.ingress.smtp.address", "127.0.0.2",
                    "postmesh.ingress.smtp.auth-required", "true");
        }
    }

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Test
    void theRelayListenerIsOnlyOnItsOwnAddressAndWantsAuth() throws Exception {
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", smtpPort), 5_000);
            }
        }).isInstanceOf(ConnectException.class);

        try (SmtpTestClient c = SmtpTestClient.connectTo("127.0.0.2", smtpPort)) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.command("EHLO client.test")).contains("250-STARTTLS");
            // AUTH is required here, and only after TLS (RFC 6409 §4.3 rules applied to this listener).
            assertThat(c.command("MAIL FROM:<alice@client.test>"))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        }
    }
}
