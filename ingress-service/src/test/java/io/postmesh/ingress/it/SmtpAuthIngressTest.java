package io.postmesh.ingress.it;

import static io.postmesh.ingress.it.SmtpIngressTest.queueId;
import static io.postmesh.ingress.it.SmtpIngressTest.recordFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.auth.CredentialStore;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** SMTP AUTH (RFC 4954) on the submission listeners over real sockets, with users in the real Redis. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class SmtpAuthIngressTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.submission.port")
    int submissionPort;

    @ConfigProperty(name = "postmesh.ingress.smtps.port")
    int smtpsPort;

    @Inject
    CredentialStore users;

    private String newUser(String tenant) {
        String user = "u-" + UUID.randomUUID() + "@example.test";
        users.add(user, "secret-" + user.length(), tenant);
        return user;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void beforeStartTlsAuthIsRefusedAndMailNeedsIt() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(submissionPort)) {
            c.reply();
            assertThat(c.command("EHLO client.test")).contains("250-STARTTLS").doesNotContain("AUTH");
            assertThat(c.command("AUTH PLAIN " + b64("\0a\0b")))
                    .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
            assertThat(c.command("MAIL FROM:<a@client.test>"))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        }
    }

    @Test
    void authenticatedSubmissionCarriesUserAndTenantAndMayRelay() throws Exception {
        String user = newUser("acme");
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(submissionPort)) {
            c.startTls();
            assertThat(c.command("MAIL FROM:<" + user + ">")).isEqualTo("530 5.7.0 Authentication required");
            assertThat(c.authPlain(user, "wrong")).isEqualTo("535 5.7.8 Error: authentication failed");
            // LOGIN, user name in upper case: names compare case-insensitively.
            assertThat(c.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(c.command(b64(user.toUpperCase()))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(c.command(b64("secret-" + user.length()))).isEqualTo("235 2.7.0 Authentication successful");
            assertThat(c.command("MAIL FROM:<" + user + "> REQUIRETLS")).isEqualTo("250 2.1.0 Ok");
            // elsewhere.test is no relay domain: an authenticated client may still send there.
            assertThat(c.command("RCPT TO:<carol@elsewhere.test>")).isEqualTo("250 2.1.5 Ok");
            assertThat(c.command("DATA")).startsWith("354 ");
            id = queueId(c.command("Subject: auth\r\n\r\nhi\r\n."));
        }
        ConsumerRecord<byte[], byte[]> record = recordFor(bootstrap, Topics.INBOUND, id);
        Envelope envelope = Json.envelope(record.headers().lastHeader(MailHeaders.ENVELOPE).value());
        assertThat(envelope.authUser()).isEqualTo(user);
        assertThat(envelope.tenant()).isEqualTo("acme");
        assertThat(envelope.requireTls()).isTrue();
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .containsPattern("\\(using TLSv1\\.[23] with cipher \\w+\\)")
                .contains(" with ESMTPSA id " + id)
                .doesNotContain(user);  // the user name is not disclosed in Received
    }

    @Test
    void repeatedFailuresLockTheClientIpOut() throws Exception {
        String user = newUser("default");
        String ip = "127.0.0.2";  // its own address: the lock-out must not hit the other tests
        try (SmtpTestClient c = SmtpTestClient.connectTlsFrom(ip, smtpsPort)) {
            c.reply();
            c.command("EHLO client.test");
            for (int i = 1; i < 5; i++) {
                assertThat(c.authPlain(user, "guess" + i)).isEqualTo("535 5.7.8 Error: authentication failed");
            }
            assertThat(c.authPlain(user, "guess5"))
                    .isEqualTo("421 4.7.0 Error: too many failed authentication attempts");
            assertThat(c.closedByServer(10_000)).isTrue();
        }
        try (SmtpTestClient c = SmtpTestClient.connectTlsFrom(ip, smtpsPort)) {
            c.reply();
            c.command("EHLO client.test");
            // Even the right password is not checked while the lock-out lasts.
            assertThat(c.authPlain(user, "secret-" + user.length()))
                    .isEqualTo("454 4.7.0 Error: too many failed authentication attempts, try again later");
        }
        try (SmtpTestClient c = SmtpTestClient.connectTlsFrom("127.0.0.3", smtpsPort)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.authPlain(user, "secret-" + user.length())).isEqualTo("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void unknownUserAndDeletedUserFail() throws Exception {
        String user = newUser("default");
        users.remove(user);
        try (SmtpTestClient c = SmtpTestClient.connectTlsFrom("127.0.0.4", smtpsPort)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.authPlain(user, "secret-" + user.length())).startsWith("535 5.7.8");
            assertThat(c.authPlain("nobody@example.test", "x")).startsWith("535 5.7.8");
            assertThat(c.command("AUTH PLAIN")).isEqualTo("334 ");
            assertThat(c.command("*")).isEqualTo("501 5.0.0 Authentication cancelled");
        }
    }
}
