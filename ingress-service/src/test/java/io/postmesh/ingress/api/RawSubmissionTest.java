package io.postmesh.ingress.api;

import static io.postmesh.ingress.api.ApiTestKit.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.it.IngressListeners;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/messages} with a raw RFC 5322 body and the envelope in query parameters or headers. */
@QuarkusTest
@TestProfile(ApiProfile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class RawSubmissionTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private String apiKey;

    @BeforeEach
    void key() {
        apiKey = ApiTestKit.newKey("globex");
    }

    @Test
    void aRawMessageKeepsItsBytesAndGetsMessageIdAndDateAndLosesBcc() throws Exception {
        String marker = UUID.randomUUID().toString();
        // LF line ends, as a script would write them; a Bcc field that must not reach the recipients.
        String message = "From: Ops <ops@sender.test>\nTo: bob@example.test\nBcc: secret@hidden.test\n"
                + "Subject: raw " + marker + "\nX-Folded: one\n two\n\nBody line 1\nBody line 2\n";
        var reply = as(apiKey).contentType("message/rfc822")
                .queryParam("mailFrom", "bounces@sender.test")
                .queryParam("rcptTo", "bob@example.test,secret@hidden.test")
                .body(message.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/messages")
                .then().statusCode(202).extract();
        String queueId = reply.path("queueId");

        ConsumerRecord<byte[], byte[]> record = ApiTestKit.recordFor(bootstrap, Topics.INBOUND, queueId);
        Envelope envelope = ApiTestKit.envelope(record);
        assertThat(envelope.reversePath()).isEqualTo("bounces@sender.test");
        assertThat(envelope.recipients()).extracting(Recipient::address)
                .containsExactly("bob@example.test", "secret@hidden.test");
        assertThat(envelope.tenant()).isEqualTo("globex");
        assertThat(envelope.messageId()).isEqualTo(reply.path("messageId"));

        String raw = new String(record.value(), StandardCharsets.UTF_8);
        String afterReceived = raw.substring(raw.indexOf("Message-ID: "));
        assertThat(afterReceived).matches("(?s)Message-ID: <" + queueId + "@mx\\.postmesh\\.test>\r\n"
                + "Date: [A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\r\n"
                + "From: Ops <ops@sender.test>\r\nTo: bob@example.test\r\n"
                + "Subject: raw " + marker + "\r\nX-Folded: one\r\n two\r\n\r\nBody line 1\r\nBody line 2\r\n");
        MimeMessage mime = ApiTestKit.mime(record.value());
        assertThat(mime.getHeader("Bcc")).isNull();
        assertThat(mime.getMessageID()).isEqualTo("<" + queueId + "@mx.postmesh.test>");
    }

    @Test
    void theEnvelopeMayComeInHeadersAndAnExistingMessageIdIsKept() {
        String message = "Message-ID: <own-" + UUID.randomUUID() + "@sender.test>\r\n"
                + "Date: Sun, 22 Nov 2026 10:00:00 +0000\r\nSubject: headers\r\n\r\nhi\r\n";
        var reply = as(apiKey).contentType("message/rfc822")
                .header("X-Postmesh-Mail-From", "<ops@sender.test>")
                .header("X-Postmesh-Rcpt-To", "a@example.test, b@example.test")
                .body(message.getBytes(StandardCharsets.US_ASCII))
                .when().post("/v1/messages")
                .then().statusCode(202).extract();
        String queueId = reply.path("queueId");
        assertThat((String) reply.path("messageId")).startsWith("<own-");

        ConsumerRecord<byte[], byte[]> record = ApiTestKit.recordFor(bootstrap, Topics.INBOUND, queueId);
        assertThat(ApiTestKit.envelope(record).recipients()).extracting(Recipient::address)
                .containsExactly("a@example.test", "b@example.test");
        String raw = new String(record.value(), StandardCharsets.US_ASCII);
        assertThat(raw).endsWith("\r\n" + message);
    }
}
