package io.postmesh.ingress.smtp.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Parses the path argument of MAIL FROM and RCPT TO (RFC 5321 §4.1.2) with the UTF-8 extensions of
 * RFC 6531 §3.3, and splits off the ESMTP parameters that follow it.
 *
 * <p>Source routes ({@code <@a,@b:user@c>}) are parsed and dropped, as RFC 5321 §4.1.1.3 and Appendix C
 * require; what remains is the mailbox that policy and delivery see. Anything else that is not exactly
 * the grammar is refused, so that an address cannot mean one thing to us and another downstream.
 */
public final class PathParser {
    private static final int MAX_LOCAL_PART = 64;   // RFC 5321 §4.5.3.1.1
    private static final int MAX_DOMAIN = 255;      // RFC 5321 §4.5.3.1.2
    private static final int MAX_PATH = 256;        // RFC 5321 §4.5.3.1.3
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    /**
     * A parsed path.
     *
     * @param mailbox    the mailbox, or null for the null path {@code <>}
     * @param parameters the text after the closing bracket (ESMTP parameters), trimmed
     */
    public record Path(Mailbox mailbox, String parameters) {
        public boolean isNull() {
            return mailbox == null;
        }
    }

    private final String badAddressCode;
    private final String who;

    private PathParser(String badAddressCode, String who) {
        this.badAddressCode = badAddressCode;
        this.who = who;
    }

    /** For MAIL FROM: bad addresses get 501 5.1.7 (RFC 3463 "bad sender's mailbox address syntax"). */
    public static PathParser reversePath() {
        return new PathParser("5.1.7", "sender");
    }

    /** For RCPT TO: bad addresses get 501 5.1.3 (RFC 3463 "bad destination mailbox address syntax"). */
    public static PathParser forwardPath() {
        return new PathParser("5.1.3", "recipient");
    }

    /** Parses {@code <path> [params]}; leading spaces after the colon are tolerated. */
    public Path parse(String input) throws SmtpSyntaxException {
        String s = input.stripLeading();
        if (!s.startsWith("<")) {
            throw new SmtpSyntaxException(501, "5.5.4", "Syntax: address must be in angle brackets");
        }
        int close = closingBracket(s);
        String inner = s.substring(1, close);
        String rest = s.substring(close + 1);
        if (!rest.isEmpty() && rest.charAt(0) != ' ') {
            throw bad();
        }
        if (inner.getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            throw bad();
        }
        if (inner.isEmpty()) {
            return new Path(null, rest.strip());
        }
        if (inner.startsWith("@")) {
            int colon = inner.indexOf(':');
            if (colon < 0) {
                throw bad();
            }
            checkRoute(inner.substring(0, colon));
            inner = inner.substring(colon + 1);
        }
        return new Path(mailbox(inner), rest.strip());
    }

    /**
     * RFC 5321 §4.1.1.3: the bare {@code <Postmaster>} (any case) must be accepted as a forward path; it means
     * the postmaster of {@code hostname}. Null if {@code args} is not that path.
     */
    public static Path postmaster(String args, String hostname) {
        String s = args.stripLeading();
        if (s.regionMatches(true, 0, "<postmaster>", 0, 12) && (s.length() == 12 || s.charAt(12) == ' ')) {
            return new Path(new Mailbox(s.substring(1, 11), hostname), s.substring(12).strip());
        }
        return null;
    }

    /** A mailbox on its own, without brackets. */
    public Mailbox mailbox(String text) throws SmtpSyntaxException {
        int at;
        String local;
        if (text.startsWith("\"")) {
            int end = endOfQuoted(text);
            local = text.substring(0, end + 1);
            at = end + 1;
        } else {
            at = text.indexOf('@');
            if (at < 0) {
                throw bad();
            }
            local = text.substring(0, at);
            checkDotString(local);
        }
        if (at >= text.length() || text.charAt(at) != '@') {
            throw bad();
        }
        String domain = text.substring(at + 1);
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART) {
            throw bad();
        }
        if (domain.startsWith("[")) {
            checkAddressLiteral(domain);
        } else {
            checkDomain(domain);
        }
        return new Mailbox(local, domain);
    }

    private int closingBracket(String s) throws SmtpSyntaxException {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        throw bad();
    }

    private int endOfQuoted(String text) throws SmtpSyntaxException {
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                // quoted-pairSMTP = %d92 %d32-126
                if (i + 1 >= text.length() || text.charAt(i + 1) < 32 || text.charAt(i + 1) > 126) {
                    throw bad();
                }
                i++;
            } else if (c == '"') {
                if (i == 1) {
                    throw bad(); // an empty quoted local part
                }
                return i;
            } else if (c < 32 || c == 127) {
                throw bad(); // qtextSMTP = %d32-33 / %d35-91 / %d93-126 / UTF8-non-ascii
            }
        }
        throw bad();
    }

    private void checkDotString(String local) throws SmtpSyntaxException {
        if (local.isEmpty() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw bad();
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean atext = Character.isLetterOrDigit(c) && c < 0x80 || ATEXT_SPECIALS.indexOf(c) >= 0 || c == '.'
                    || c > 0x7f && !Character.isWhitespace(c) && !Character.isISOControl(c);
            if (!atext) {
                throw bad();
            }
        }
    }

    private void checkRoute(String route) throws SmtpSyntaxException {
        // A-d-l = At-domain *( "," At-domain ); At-domain = "@" Domain
        for (String atDomain : route.split(",", -1)) {
            if (!atDomain.startsWith("@")) {
                throw bad();
            }
            checkDomain(atDomain.substring(1));
        }
    }

    private void checkDomain(String domain) throws SmtpSyntaxException {
        if (domain.isEmpty() || domain.getBytes(StandardCharsets.UTF_8).length > MAX_DOMAIN) {
            throw bad();
        }
        for (String label : domain.split("\\.", -1)) {
            // sub-domain = Let-dig [Ldh-str], or a U-label under SMTPUTF8 (RFC 6531 §3.3)
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                throw bad();
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                        || c > 0x7f && Character.isLetterOrDigit(c);
                if (!ok) {
                    throw bad();
                }
            }
        }
    }

    private void checkAddressLiteral(String literal) throws SmtpSyntaxException {
        if (!literal.endsWith("]")) {
            throw bad();
        }
        String inner = literal.substring(1, literal.length() - 1);
        boolean ok = inner.regionMatches(true, 0, "IPv6:", 0, 5)
                ? IpLiterals.isIpv6(inner.substring(5))
                : IpLiterals.isIpv4(inner);
        if (!ok) {
            throw bad(); // General-address-literal is not supported
        }
    }

    private SmtpSyntaxException bad() {
        return new SmtpSyntaxException(501, badAddressCode, "Error: bad " + who + " address syntax");
    }
}
