package io.postmesh.ingress.smtp.protocol;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Splits the ESMTP parameters after a path (RFC 5321 §4.1.2 {@code esmtp-param = esmtp-keyword ["=" esmtp-value]})
 * into keyword/value pairs. Keywords are case-insensitive; a repeated keyword is a syntax error.
 */
final class EsmtpParameters {
    private EsmtpParameters() {}

    /** Keyword (upper case) to value (null when the parameter has none), in order of appearance. */
    static Map<String, String> split(String text) throws SmtpSyntaxException {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isBlank()) {
            return out;
        }
        for (String param : text.strip().split(" +")) {
            int eq = param.indexOf('=');
            String keyword = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : param.substring(eq + 1);
            if (keyword.isEmpty() || !keyword.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '-')) {
                throw syntax("Error: bad parameter syntax");
            }
            if (value != null && (value.isEmpty() || !value.chars().allMatch(c -> c >= 33 && c <= 126 && c != '='))) {
                throw syntax("Error: bad value of " + keyword);
            }
            if (out.containsKey(keyword)) {
                throw syntax("Error: duplicate parameter " + keyword);
            }
            out.put(keyword, value);
        }
        return out;
    }

    static SmtpSyntaxException syntax(String text) {
        return new SmtpSyntaxException(501, "5.5.4", text);
    }

    /** RFC 5321 §4.1.1.11: parameters that are not recognised get 555. */
    static SmtpSyntaxException unsupported(String keyword) {
        return new SmtpSyntaxException(555, "5.5.4", "Error: unsupported parameter " + keyword);
    }
}
