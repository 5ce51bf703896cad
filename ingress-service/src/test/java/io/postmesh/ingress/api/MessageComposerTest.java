package io.postmesh.ingress.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MIME the composer writes, read back with Jakarta Mail as a receiver would. */
class MessageComposerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final MessageComposer composer = new MessageComposer();

    private static MessageRequest request(String text, String html, List<MessageRequest.Attachment> attachments,
                                          Map<String, String> headers) {
        return new MessageRequest("a@sender.test", List.of("b@example.test"), null, List.of("c@hidden.test"),
                "s", text, html, headers, attachments, null, null);
    }

    private static MimeMessage parse(Submission s) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(s.content()));
    }

    /** The MIME tree as "type(child,child)". */
    private static String structure(Part part) throws Exception {
        String type = part.getContentType().split(";")[0].strip().toLowerCase();
        if (part.getContent() instanceof Multipart m) {
            List<String> children = new ArrayList<>();
            for (int i = 0; i < m.getCount(); i++) {
                children.add(structure(m.getBodyPart(i)));
            }
            return type + "(" + String.join(",", children) + ")";
        }
        return type;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // text | html        | attachments | structure
            "hi     | NULL        | 0           | text/plain",
            "NULL   | <p>hi</p>   | 0           | text/html",
            "hi     | <p>hi</p>   | 0           | multipart/alternative(text/plain,text/html)",
            "hi     | NULL        | 1           | multipart/mixed(text/plain,application/pdf)",
            "hi     | <p>hi</p>   | 2           | multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf,application/pdf)",
            "NULL   | NULL        | 1           | multipart/mixed(application/pdf)",
    })
    void structureFollowsTheParts(String text, String html, int attachments, String expected) throws Exception {
        List<MessageRequest.Attachment> files = new ArrayList<>();
        for (int i = 0; i < attachments; i++) {
            files.add(new MessageRequest.Attachment("f" + i + ".pdf", "application/pdf",
                    Base64.getEncoder().encodeToString(new byte[] {1, 2, (byte) i})));
        }
        MimeMessage mime = parse(composer.compose(request(text, html, files, null), "<Q@mx>", NOW));
        assertThat(structure(mime)).isEqualTo(expected);
        assertThat(mime.getMessageID()).isEqualTo("<Q@mx>");
        assertThat(mime.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(mime.getHeader("Bcc")).isNull();
    }

    @Test
    void aMessageIdInTheHeadersWinsAndEveryLineEndsInCrlf() throws Exception {
        Submission s = composer.compose(request("a\nb\rc\r\nd", null, List.of(),
                Map.of("Message-ID", "<mine@sender.test>")), "<Q@mx>", NOW);
        assertThat(s.messageId()).isEqualTo("<mine@sender.test>");
        assertThat(s.recipients()).containsExactly("b@example.test", "c@hidden.test");
        String raw = new String(s.content(), StandardCharsets.US_ASCII);
        assertThat(raw.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        assertThat(raw).contains("Message-ID: <mine@sender.test>\r\n").endsWith("a\r\nb\r\nc\r\nd");
        assertThat(parse(s).getMessageID()).isEqualTo("<mine@sender.test>");
    }

    @Test
    void nonAsciiFileNamesAndTextSurviveTheRoundTrip() throws Exception {
        byte[] bytes = "Ünïcode payload".getBytes(StandardCharsets.UTF_8);
        Submission s = composer.compose(request("Größe ✓", null, List.of(new MessageRequest.Attachment(
                "Übersicht 2026.txt", "text/plain; charset=UTF-8", Base64.getEncoder().encodeToString(bytes))),
                Map.of("X-Note", "Grüße")), "<Q@mx>", NOW);
        assertThat(s.eightBitMime()).as("the library picks a 7-bit transfer encoding").isFalse();
        MimeMessage mime = parse(s);
        Multipart mixed = (Multipart) mime.getContent();
        assertThat(mixed.getBodyPart(0).getContent()).isEqualTo("Größe ✓");
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("Übersicht 2026.txt");
        assertThat(mixed.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(bytes);
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(mime.getHeader("X-Note")[0])).isEqualTo("Grüße");
    }

    @Test
    void aSubjectWithALineBreakCannotInjectAHeader() throws Exception {
        MessageRequest r = new MessageRequest("a@sender.test", List.of("b@example.test"), null, null,
                "hello\r\nBcc: spy@evil.test", "x", null, null, null, null, null);
        MimeMessage mime = parse(composer.compose(r, "<Q@mx>", NOW));
        assertThat(mime.getHeader("Bcc")).isNull();
        assertThat(mime.getSubject()).isEqualTo("hello Bcc: spy@evil.test");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/pdf; name=\"unterminated | attachments[0].contentType | bad-content-type",
            "'not a type'                         | attachments[0].contentType | bad-content-type",
    })
    void badAttachmentTypesAreRefused(String type, String field, String reason) {
        MessageRequest r = request("x", null, List.of(new MessageRequest.Attachment("f", type, "QQ==")), null);
        assertThatThrownBy(() -> composer.compose(r, "<Q@mx>", NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().field()).isEqualTo(field);
                    assertThat(e.problem().reason()).isEqualTo(reason);
                });
    }
}
