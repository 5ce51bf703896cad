package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The protective limits over real sockets, with small values so they are cheap to reach. */
@QuarkusTest
@TestProfile(LimitsIngressTest.SmallLimits.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class LimitsIngressTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    // 127.0.0.1 is trusted (exempt from the per-IP limit, like Postfix's $mynetworks); others not.
                    "postmesh.ingress.trusted-networks", "127.0.0.1/32",
                    "postmesh.ingress.limits.command-timeout", "2s",
                    "postmesh.ingress.limits.data-timeout", "3s",
                    "postmesh.ingress.limits.max-connections-per-ip", "3",
                    "postmesh.ingress.limits.max-errors", "3",
                    "postmesh.ingress.limits.max-recipients", "2",
                    "postmesh.ingress.limits.max-command-line", "600");
        }
    }

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Test
    void silentClientGets421Timeout() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            // Nothing more is sent: the server gives up first.
            assertThat(c.reply()).isEqualTo("421 4.4.2 Error: timeout exceeded");
            assertThat(c.closedByServer(10_000)).isTrue();
        }
    }

    @Test
    void clientStallingInDataGets421Timeout() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@client.test>");
            c.command("RCPT TO:<b@example.test>");
            assertThat(c.command("DATA")).startsWith("354 ");
            c.write("Subject: half a message\r\n");
            assertThat(c.reply()).isEqualTo("421 4.4.2 Error: timeout exceeded");
        }
    }

    @Test
    void connectionsPerIpAreLimitedAndFreedOnClose() throws Exception {
        String ip = "127.0.0.9";
        List<SmtpTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SmtpTestClient c = SmtpTestClient.connectFrom(ip, smtpPort);
                open.add(c);
                assertThat(c.reply()).startsWith("220 ");
            }
            try (SmtpTestClient fourth = SmtpTestClient.connectFrom(ip, smtpPort)) {
                assertThat(fourth.reply()).isEqualTo("421 4.7.0 Error: too many connections from your address");
                assertThat(fourth.closedByServer(10_000)).isTrue();
            }
            // A client in the trusted networks is not held to the per-IP limit.
            List<SmtpTestClient> trusted = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.1", smtpPort);
                    trusted.add(c);
                    assertThat(c.reply()).startsWith("220 ");
                }
            } finally {
                for (SmtpTestClient c : trusted) {
                    c.close();
                }
            }
            // Another address is not affected, and the established sessions go on.
            try (SmtpTestClient other = SmtpTestClient.connectFrom("127.0.0.10", smtpPort)) {
                assertThat(other.reply()).startsWith("220 ");
            }
            assertThat(open.get(0).command("NOOP")).isEqualTo("250 2.0.0 Ok");
            assertThat(open.get(0).command("QUIT")).startsWith("221 ");
            assertThat(open.get(0).closedByServer(10_000)).isTrue();
        } finally {
            for (SmtpTestClient c : open) {
                c.close();
            }
        }
        // A freed slot is usable again (the server counts the close; wait for it by retrying the greeting).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            try (SmtpTestClient again = SmtpTestClient.connectFrom(ip, smtpPort)) {
                return again.reply().startsWith("220 ");
            }
        });
    }

    @Test
    void recipientAndErrorLimits() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@client.test>");
            assertThat(c.command("RCPT TO:<1@example.test>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<2@example.test>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<3@example.test>")).isEqualTo("452 4.5.3 Error: too many recipients");
            assertThat(c.command("FROB")).startsWith("500 5.5.1");
            assertThat(c.command("FROB")).startsWith("500 5.5.1");
            assertThat(c.command("FROB")).isEqualTo("421 4.7.0 Error: too many errors");
            assertThat(c.closedByServer(10_000)).isTrue();
        }
    }

    @Test
    void overlongCommandLineEndsTheSession() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            assertThat(c.command("EHLO " + "a".repeat(700))).isEqualTo("500 5.5.2 Error: line too long");
            assertThat(c.closedByServer(10_000)).isTrue();
        }
    }
}
