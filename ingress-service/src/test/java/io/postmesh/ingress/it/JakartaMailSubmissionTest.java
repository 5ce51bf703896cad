package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postmesh.ingress.auth.CredentialStore;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A standard client, Jakarta Mail (Eclipse Angus), submits over STARTTLS with AUTH. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class JakartaMailSubmissionTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.submission.port")
    int submissionPort;

    @Inject
    CredentialStore users;

    private Session session() {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(submissionPort));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");  // the test certificate is self-signed
        p.put("mail.smtp.localhost", "client.test");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        return Session.getInstance(p);
    }

    @Test
    void sendsOverStartTlsWithAuth() throws Exception {
        String user = "jm-" + UUID.randomUUID() + "@example.test";
        users.add(user, "s3cret!", "jakarta");
        String marker = UUID.randomUUID().toString();
        Session session = session();
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(user));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("dave@elsewhere.test"));
        message.setSubject("hello " + marker);
        message.setText("sent by Jakarta Mail");
        Transport.send(message, user, "s3cret!");

        try (TopicReader reader = TopicReader.open(bootstrap, Topics.INBOUND)) {
            ConsumerRecord<byte[], byte[]> record = reader.await(rs -> rs.stream().anyMatch(r ->
                    new String(r.value(), StandardCharsets.UTF_8).contains(marker)), Duration.ofSeconds(30))
                    .stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker))
                    .findFirst().orElseThrow();
            Envelope envelope = Json.envelope(record.headers().lastHeader(MailHeaders.ENVELOPE).value());
            assertThat(envelope.authUser()).isEqualTo(user);
            assertThat(envelope.tenant()).isEqualTo("jakarta");
            assertThat(envelope.recipients()).extracting(r -> r.address()).containsExactly("dave@elsewhere.test");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("with ESMTPSA");
        }
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() throws Exception {
        Session session = session();
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("x@example.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("dave@example.test"));
        message.setText("never sent");
        assertThatThrownBy(() -> Transport.send(message, "nobody-" + UUID.randomUUID() + "@example.test", "nope"))
                .isInstanceOf(AuthenticationFailedException.class);
    }
}
