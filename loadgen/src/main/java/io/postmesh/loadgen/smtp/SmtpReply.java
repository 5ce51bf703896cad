package io.postmesh.loadgen.smtp;

import java.util.List;

/**
 * One complete SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines, with the RFC 3463 enhanced
 * status code when the server gave one (RFC 2034).
 */
public record SmtpReply(int code, List<String> lines) {

    public SmtpReply {
        lines = List.copyOf(lines);
    }

    /** 2xx and 3xx are positive completion and intermediate replies (RFC 5321 §4.2.1). */
    public boolean positive() {
        return code >= 200 && code < 400;
    }

    public boolean is(int expected) {
        return code == expected;
    }

    /** The enhanced status code of the first line ({@code 4.7.1}), or empty when there is none. */
    public String enhancedStatus() {
        if (lines.isEmpty()) {
            return "";
        }
        String first = lines.get(0);
        int end = first.indexOf(' ');
        String candidate = end < 0 ? first : first.substring(0, end);
        return candidate.matches("[245]\\.\\d{1,3}\\.\\d{1,3}") ? candidate : "";
    }

    /** The key errors are grouped by in reports: {@code "451 4.7.1"} or {@code "554"}. */
    public String errorKey() {
        String enhanced = enhancedStatus();
        return enhanced.isEmpty() ? Integer.toString(code) : code + " " + enhanced;
    }

    /** Whether an EHLO reply lists the keyword (RFC 5321 §4.1.1.1: one extension per line after the first). */
    public boolean advertises(String keyword) {
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.regionMatches(true, 0, keyword, 0, keyword.length())
                    && (line.length() == keyword.length() || line.charAt(keyword.length()) == ' ')) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return code + " " + String.join(" / ", lines);
    }
}
