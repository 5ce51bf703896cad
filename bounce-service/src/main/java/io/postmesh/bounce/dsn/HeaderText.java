package io.postmesh.bounce.dsn;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Text rules for the header-style lines of a DSN: the top-level header, the MIME part headers and the
 * fields of the message/delivery-status part (RFC 3464 §2.1 gives them RFC 822 header syntax).
 */
final class HeaderText {
    static final String CRLF = "\r\n";
    /** RFC 5322 §2.1.1: lines SHOULD be at most 78 characters; folding keeps us there where it can. */
    static final int SOFT_LIMIT = 78;

    /** RFC 5322 §3.3 date-time, with a numeric zone (the "GMT" form is obsolete syntax, §4.3). */
    private static final DateTimeFormatter DATE = DateTimeFormatter
            .ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US)
            .withZone(ZoneOffset.UTC);

    private HeaderText() {}

    static String date(Instant instant) {
        return DATE.format(instant);
    }

    /**
     * One field {@code name: value} folded at whitespace (RFC 5322 §2.2.3: CRLF is inserted before a WSP)
     * so lines stay within 78 characters where the value has places to fold; ends with CRLF.
     * Runs of whitespace are collapsed first so no continuation line is whitespace only.
     */
    static String field(String name, String value) {
        String[] words = value.trim().split("[ \t]+");
        StringBuilder out = new StringBuilder(name.length() + value.length() + 8);
        int lineStart = 0;
        out.append(name).append(':');
        for (int i = 0; i < words.length; i++) {
            int lineLength = out.length() - lineStart;
            boolean firstWord = i == 0;
            if (!firstWord && lineLength + 1 + words[i].length() > SOFT_LIMIT) {
                out.append(CRLF);
                lineStart = out.length();
            }
            out.append(' ').append(words[i]);
        }
        return out.append(CRLF).toString();
    }

    /**
     * Makes text from outside (remote SMTP replies, envelope parameters) safe for a header field:
     * control characters (CR and LF above all: header injection) become spaces, and non-ASCII becomes
     * '?' because DSN fields are US-ASCII (RFC 3464 §2.1; the UTF-8 forms are RFC 6533's, not used here).
     */
    static String sanitize(String text) {
        return clean(text, true);
    }

    /**
     * Like {@link #sanitize} but keeps non-ASCII: for an internationalised sender address in the To
     * field, which RFC 6532 §3.2 allows in UTF-8 when the DSN travels with SMTPUTF8 (RFC 6531).
     */
    static String stripControls(String text) {
        return clean(text, false);
    }

    private static String clean(String text, boolean asciiOnly) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(' ');
            } else if (asciiOnly && c > 0x7e) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        return out.toString().trim().replaceAll("[ ]{2,}", " ");
    }

    /**
     * Decodes RFC 3461 §4 xtext ({@code "+" 2HEXCHAR} stands for one octet), the encoding of ENVID and
     * ORCPT on the wire; RFC 3464 §2.2.1 and §2.3.1 put the decoded values into the DSN. A '+' that is
     * not followed by two upper-case hex digits is kept as it is.
     */
    static String xtextDecode(String xtext) {
        StringBuilder out = new StringBuilder(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+' && i + 2 < xtext.length() && isHex(xtext.charAt(i + 1)) && isHex(xtext.charAt(i + 2))) {
                out.append((char) Integer.parseInt(xtext.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
