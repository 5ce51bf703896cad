package io.postmesh.model;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP reply (RFC 5321 §4.2) with its RFC 3463 enhanced status code, as received from a remote MTA or
 * as sent by ingress.
 *
 * @param code     the three-digit reply code
 * @param enhanced the enhanced status code ("5.1.1"), or null when the server gave none
 * @param text     the reply text of all lines, joined by a space, without code and enhanced code
 */
public record SmtpReply(int code, String enhanced, String text) {

    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?:\\s+|$)");

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    /** Parses the lines of one (possibly multi-line) reply: {@code 250-...}, ..., {@code 250 ...}. */
    public static SmtpReply parse(List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty reply");
        }
        int code = -1;
        String enhanced = null;
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            if (line.length() < 3) {
                throw new IllegalArgumentException("malformed reply line: " + line);
            }
            int lineCode;
            try {
                lineCode = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed reply line: " + line, e);
            }
            if (code < 0) {
                code = lineCode;
            }
            String rest = line.length() > 4 ? line.substring(4) : "";
            Matcher m = ENHANCED.matcher(rest);
            if (m.find() && m.group(1).charAt(0) == Character.forDigit(code / 100, 10)) {
                if (enhanced == null) {
                    enhanced = m.group(1) + "." + m.group(2) + "." + m.group(3);
                }
                rest = rest.substring(m.end());
            }
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(rest);
        }
        return new SmtpReply(code, enhanced, text.toString());
    }

    public static SmtpReply parse(String singleLine) {
        return parse(List.of(singleLine));
    }

    /** The enhanced code, or one derived from the reply's class (RFC 3463 §3.1: X.0.0). */
    public String enhancedOrDefault() {
        return enhanced != null ? enhanced : (code / 100) + ".0.0";
    }

    /** One-line form as it would appear on the wire: {@code 550 5.1.1 no such user}. */
    @Override
    public String toString() {
        return code + (enhanced != null ? " " + enhanced : "") + (text.isEmpty() ? "" : " " + text);
    }
}
