package io.postmesh.ingress.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One message as JSON, for {@code POST /v1/messages} and as an item of {@code POST /v1/messages/batch}.
 * Unknown members are refused (a misspelt {@code bbc} must not silently drop recipients).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(name = "Message", description = "A message the API turns into RFC 5322 MIME")
public record MessageRequest(
        @Schema(description = "Sender: an address or \"Name <address>\"; also the envelope sender (MAIL FROM)",
                examples = "Alice <alice@example.test>", required = true)
        String from,
        @Schema(description = "To recipients, each an address or \"Name <address>\"") List<String> to,
        @Schema(description = "Cc recipients") List<String> cc,
        @Schema(description = "Bcc recipients: in the envelope only, never in a header") List<String> bcc,
        @Schema(description = "Subject; non-ASCII is RFC 2047 encoded") String subject,
        @Schema(description = "text/plain body") String text,
        @Schema(description = "text/html body (with text: multipart/alternative)") String html,
        @Schema(description = "Further header fields; From, To, Cc, Bcc, Subject, Date and MIME fields are set by the API")
        Map<String, String> headers,
        @Schema(description = "Attachments (multipart/mixed)") List<Attachment> attachments,
        @Schema(description = "Campaign, written as X-Postmesh-Campaign for scheduling and reports") String campaign,
        @Schema(description = "Delivery lane", enumeration = {"transactional", "bulk"}) String lane) {

    public MessageRequest {
        to = to == null ? List.of() : to;
        cc = cc == null ? List.of() : cc;
        bcc = bcc == null ? List.of() : bcc;
        headers = headers == null ? Map.of() : headers;
        attachments = attachments == null ? List.of() : attachments;
    }

    /** One attachment; {@code content} is base64 (RFC 4648 §4, line breaks allowed). */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @Schema(name = "Attachment")
    public record Attachment(
            @Schema(required = true, examples = "report.pdf") String filename,
            @Schema(description = "Media type; application/octet-stream when absent", examples = "application/pdf")
            String contentType,
            @Schema(required = true, description = "The bytes, base64") String content) {}
}
