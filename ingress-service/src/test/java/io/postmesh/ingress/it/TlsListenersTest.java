package io.postmesh.ingress.it;

import static io.postmesh.ingress.it.SmtpIngressTest.queueId;
import static io.postmesh.ingress.it.SmtpIngressTest.recordFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.auth.CredentialStore;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** STARTTLS on the submission port (RFC 3207) and implicit TLS on the smtps port (RFC 8314). */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class TlsListenersTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.submission.port")
    int submissionPort;

    @ConfigProperty(name = "postmesh.ingress.smtps.port")
    int smtpsPort;

    @Inject
    CredentialStore users;

    /** A fresh submission user (the listeners need AUTH, RFC 6409). */
    private String login(SmtpTestClient c) throws Exception {
        String user = "tls-" + UUID.randomUUID() + "@example.test";
        users.add(user, "pw-" + user, "default");
        assertThat(c.authPlain(user, "pw-" + user)).isEqualTo("235 2.7.0 Authentication successful");
        return user;
    }

    private String sendOne(SmtpTestClient c) throws Exception {
        assertThat(c.command("MAIL FROM:<alice@client.test>")).isEqualTo("250 2.1.0 Ok");
        assertThat(c.command("RCPT TO:<bob@example.test>")).isEqualTo("250 2.1.5 Ok");
        assertThat(c.command("DATA")).startsWith("354 ");
        return queueId(c.command("Subject: tls\r\n\r\nsecret\r\n."));
    }

    @Test
    void startTlsOnSubmissionUpgradesAndNeedsAFreshEhlo() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(submissionPort)) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.command("EHLO client.test")).contains("250-STARTTLS");
            assertThat(c.command("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
            c.upgradeToTls();
            assertThat(c.encrypted()).isTrue();
            // RFC 3207 §4.2: the server forgot the EHLO.
            assertThat(c.command("MAIL FROM:<alice@client.test>")).isEqualTo("503 5.5.1 Error: send HELO/EHLO first");
            String ehlo = c.command("EHLO client.test");
            assertThat(ehlo).contains("250-PIPELINING", "250-AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
            assertThat(c.command("STARTTLS")).isEqualTo("503 5.5.1 Error: TLS already active");
            login(c);
            String id = sendOne(c);
            assertThat(new String(recordFor(bootstrap, Topics.INBOUND, id).value(), StandardCharsets.UTF_8))
                    .contains(" with ESMTPSA id " + id).containsPattern("\\(using TLSv1\\.[23] with cipher \\w+\\)")
                    // Authenticated submission: Date and Message-ID were added after the client's headers.
                    .contains("\r\nSubject: tls\r\n").contains("\r\nDate: ").contains("\r\nMessage-ID: <")
                    .endsWith("\r\n\r\nsecret\r\n");
        }
    }

    @Test
    void implicitTlsOnSmtps() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectTls(smtpsPort)) {
            assertThat(c.reply()).isEqualTo("220 mx.postmesh.test ESMTP Postmesh");
            assertThat(c.command("EHLO client.test")).contains("250-AUTH PLAIN LOGIN", "250 REQUIRETLS")
                    .doesNotContain("STARTTLS");
            login(c);
            String id = sendOne(c);
            assertThat(new String(recordFor(bootstrap, Topics.INBOUND, id).value(), StandardCharsets.UTF_8))
                    .contains(" with ESMTPSA id " + id);
        }
    }

    @Test
    void commandsPipelinedAfterStartTlsAreRefusedAndTheConnectionClosed() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(submissionPort)) {
            c.reply();
            c.command("EHLO client.test");
            // CVE-2011-0411: plaintext injected behind STARTTLS must not be run inside the TLS session.
            c.write("STARTTLS\r\nMAIL FROM:<mallory@evil.test>\r\n");
            assertThat(c.reply()).isEqualTo("554 5.5.1 Error: commands pipelined after STARTTLS");
            assertThat(c.closedByServer(10_000)).isTrue();
        }
    }
}
