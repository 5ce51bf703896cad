package io.postmesh.ingress.api;

import static io.postmesh.ingress.api.ApiTestKit.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.it.IngressListeners;
import io.postmesh.model.Envelope;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/messages} with JSON against a real broker: the reply, and the record on {@code mail.inbound}
 * parsed back with Jakarta Mail (headers, MIME structure, attachments) and its envelope.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class JsonSubmissionTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private String apiKey;

    @BeforeEach
    void key() {
        apiKey = ApiTestKit.newKey("acme");
    }

    @Test
    void aFullMessageIsBuiltAsMimeAndQueuedWithBccOnlyInTheEnvelope() throws Exception {
        byte[] pdf = new byte[3000];
        new java.util.Random(7).nextBytes(pdf);
        String marker = UUID.randomUUID().toString();
        ExtractableResponse<Response> reply = as(apiKey).contentType("application/json")
                .body(Map.<String, Object>ofEntries(
                        Map.entry("from", "Alice Example <alice@sender.test>"),
                        Map.entry("to", List.of("bob@example.test", "Carol <carol@other.test>")),
                        Map.entry("cc", List.of("dave@example.test")),
                        Map.entry("bcc", List.of("eve@hidden.test")),
                        Map.entry("subject", "Grüße " + marker),
                        Map.entry("text", "Hello Bob,\nplain text.\n"),
                        Map.entry("html", "<p>Hello <b>Bob</b></p>"),
                        Map.entry("headers", Map.of("X-Order", "42", "Reply-To", "support@sender.test")),
                        Map.entry("attachments", List.of(Map.of("filename", "report.pdf", "contentType", "application/pdf",
                                "content", Base64.getMimeEncoder().encodeToString(pdf)))),
                        Map.entry("campaign", "spring-sale"),
                        Map.entry("lane", "transactional")))
                .when().post("/v1/messages")
                .then().statusCode(202).contentType("application/json").extract();
        String queueId = reply.path("queueId");
        String messageId = reply.path("messageId");
        assertThat(queueId).matches("[0-9A-Z]{20}");
        assertThat(messageId).isEqualTo("<" + queueId + "@mx.postmesh.test>");

        ConsumerRecord<byte[], byte[]> record = ApiTestKit.recordFor(bootstrap, Topics.INBOUND, queueId);
        Envelope envelope = ApiTestKit.envelope(record);
        assertThat(envelope.reversePath()).isEqualTo("alice@sender.test");
        assertThat(envelope.recipients()).extracting(Recipient::address).containsExactly(
                "bob@example.test", "carol@other.test", "dave@example.test", "eve@hidden.test");
        assertThat(envelope.tenant()).isEqualTo("acme");
        assertThat(envelope.authUser()).startsWith("apikey:").hasSize(7 + 16);
        assertThat(envelope.messageId()).isEqualTo(messageId);
        assertThat(envelope.size()).isEqualTo(record.value().length);
        assertThat(record.headers().lastHeader(MailHeaders.TRACEPARENT)).isNotNull();

        String raw = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(raw).startsWith("Received: from [127.0.0.1] ([127.0.0.1])\r\n\tby mx.postmesh.test (Postmesh) with HTTP id "
                + queueId + ";");
        assertThat(raw.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(raw).doesNotContainIgnoringCase("bcc").doesNotContain("eve@hidden.test");

        MimeMessage mime = ApiTestKit.mime(record.value());
        assertThat(mime.getFrom()).containsExactly(new InternetAddress("alice@sender.test", "Alice Example"));
        assertThat(mime.getRecipients(RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("bob@example.test", "carol@other.test");
        assertThat(mime.getRecipients(RecipientType.CC)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("dave@example.test");
        assertThat(mime.getHeader("Bcc")).isNull();
        assertThat(mime.getSubject()).isEqualTo("Grüße " + marker);
        assertThat(mime.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(mime.getMessageID()).isEqualTo(messageId);
        assertThat(mime.getSentDate()).isNotNull();
        assertThat(mime.getHeader("X-Order")).containsExactly("42");
        assertThat(mime.getHeader("Reply-To")).containsExactly("support@sender.test");
        assertThat(mime.getHeader("X-Postmesh-Campaign")).containsExactly("spring-sale");
        assertThat(mime.getHeader("X-Postmesh-Lane")).containsExactly("transactional");
        assertThat(mime.getHeader("MIME-Version")).containsExactly("1.0");

        assertThat(mime.getContentType()).startsWith("multipart/mixed");
        MimeMultipart mixed = (MimeMultipart) mime.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("Hello Bob,\r\nplain text.\r\n");
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>Hello <b>Bob</b></p>");
        Part attachment = mixed.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(attachment.getFileName()).isEqualTo("report.pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
    }

    @Test
    void the202ComesOnlyOnceTheRecordIsInKafka() {
        String queueId = as(apiKey).contentType("application/json")
                .body(Map.of("from", "alice@sender.test", "to", List.of("bob@example.test"), "text", "durable"))
                .when().post("/v1/messages")
                .then().statusCode(202).extract().path("queueId");
        // The end offsets are read after the reply: the acknowledged record must already be below them.
        assertThat(ApiTestKit.recordsNow(bootstrap, Topics.INBOUND)).extracting(ApiTestKit::key).contains(queueId);
    }

    @Test
    void aTextOnlyMessageIsASinglePartAndNonAsciiAddressesNeedSmtpUtf8() throws Exception {
        String queueId = as(apiKey).contentType("application/json")
                .body(Map.of("from", "jörg@sender.test", "to", List.of("bob@example.test"),
                        "subject", "plain", "text", "Größe: " + "x".repeat(1200)))
                .when().post("/v1/messages")
                .then().statusCode(202).extract().path("queueId");
        ConsumerRecord<byte[], byte[]> record = ApiTestKit.recordFor(bootstrap, Topics.INBOUND, queueId);
        Envelope envelope = ApiTestKit.envelope(record);
        assertThat(envelope.smtpUtf8()).isTrue();
        assertThat(envelope.reversePath()).isEqualTo("jörg@sender.test");
        MimeMessage mime = ApiTestKit.mime(record.value());
        assertThat(mime.getContentType()).startsWith("text/plain; charset=UTF-8");
        // A 1,200-character line cannot go as 7bit (RFC 5322 §2.1.1): the library encodes it.
        assertThat(mime.getEncoding()).isIn("quoted-printable", "base64");
        assertThat(mime.getContent()).isEqualTo("Größe: " + "x".repeat(1200));
    }
}
