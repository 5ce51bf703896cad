package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.ConnectException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Without a key store only the relay port listens, and it offers no STARTTLS. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class WithoutKeyStoreTest {

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @ConfigProperty(name = "postmesh.ingress.submission.port")
    int submissionPort;

    @ConfigProperty(name = "postmesh.ingress.smtps.port")
    int smtpsPort;

    @Test
    void onlyThePlainRelayListenerRuns() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.command("EHLO client.test")).doesNotContain("STARTTLS").endsWith("250 CHUNKING");
            assertThat(c.command("STARTTLS")).isEqualTo("502 5.5.1 Error: command not implemented");
        }
        assertThatThrownBy(() -> SmtpTestClient.connect(submissionPort)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> SmtpTestClient.connect(smtpsPort)).isInstanceOf(ConnectException.class);
    }
}
