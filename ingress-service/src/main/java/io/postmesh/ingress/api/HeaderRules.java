package io.postmesh.ingress.api;

import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which extra header fields a JSON client may set and how they are written. Fields the API derives from the
 * request (addresses, Subject, Date, the MIME structure, our trace and scheduling fields) are refused rather
 * than silently duplicated; values may not contain line breaks (header injection). Pure.
 */
final class HeaderRules {
    static final String MESSAGE_ID = "Message-ID";

    /** RFC 5322 §3.6.4 msg-id, simplified to what we can check without a full parser: one {@code <left@right>}. */
    private static final Pattern MSG_ID = Pattern.compile("<[!-~&&[^<>@\"\\\\]]+@[!-~&&[^<>@\"\\\\]]+>");
    /** RFC 5322 §3.6.8 field-name: printable ASCII except colon. */
    private static final Pattern FIELD_NAME = Pattern.compile("[!-9;-~]{1,76}");
    private static final Set<String> RESERVED = Set.of("from", "to", "cc", "bcc", "subject", "date", "mime-version",
            "content-type", "content-transfer-encoding", "content-disposition", "received", "return-path",
            "x-postmesh-campaign", "x-postmesh-lane");
    private static final int MAX_VALUE = 4096;

    /** The checked fields in the order given; Message-ID under the key {@link #MESSAGE_ID}. */
    Map<String, String> check(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            String field = "headers." + name;
            if (name == null || !FIELD_NAME.matcher(name).matches()) {
                throw ProblemException.badRequest(field, "bad-header-name",
                        "a header name is 1 to 76 printable ASCII characters without a colon (RFC 5322 §3.6.8)");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower)) {
                throw ProblemException.badRequest(field, "reserved-header",
                        name + " is set by the API from the message's own fields");
            }
            String value = h.getValue() == null ? "" : h.getValue();
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0) || value.length() > MAX_VALUE) {
                throw ProblemException.badRequest(field, "bad-header-value",
                        "a header value is one line of at most " + MAX_VALUE + " characters");
            }
            if (lower.equals("message-id")) {
                if (!MSG_ID.matcher(value.strip()).matches()) {
                    throw ProblemException.badRequest(field, "bad-message-id",
                            "Message-ID must look like <left@right> (RFC 5322 §3.6.4)");
                }
                out.put(MESSAGE_ID, value.strip());
            } else {
                out.put(name, value);
            }
        }
        return out;
    }

    /** The value as written: non-ASCII as RFC 2047 encoded words, folded to 78 characters (RFC 5322 §2.1.1). */
    static String encode(String name, String value) {
        try {
            String ascii = MimeUtility.encodeText(value, "UTF-8", null);
            return MimeUtility.fold(name.length() + 2, ascii);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
