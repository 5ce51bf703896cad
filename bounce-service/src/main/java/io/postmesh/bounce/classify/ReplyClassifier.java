package io.postmesh.bounce.classify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies one SMTP reply (or one DSN recipient's Status + Diagnostic-Code) into a {@link Reason} and
 * HARD/SOFT. Pure and thread-safe; reads and writes no channels.
 *
 * <p>Order of evidence, most specific first:
 * <ol>
 *   <li>the RFC 3463 enhanced status code, when it has a specific subject/detail (5.1.1, 5.2.2, 4.4.7 ...);
 *       a few codes are refined by the text because receivers use them loosely (5.7.1 for spam verdicts and
 *       even unknown users, 4.2.1 for Gmail's per-recipient rate limit, 5.4.1 for Office 365's directory
 *       check);</li>
 *   <li>{@link ReplyTextPatterns}: phrases of the big receivers, for replies with no or a generic code;</li>
 *   <li>the reply class: 4xx is a SOFT {@link Reason#SYSTEM_ERROR} (421 a rate limit), 5xx a HARD
 *       {@link Reason#UNKNOWN}.</li>
 * </ol>
 * A transient reply (4xx, or status class 4) is always SOFT whatever the reason; for a permanent one the
 * reason's {@link Reason#defaultHardSoft()} decides.
 */
public final class ReplyClassifier {

    /** An enhanced code anywhere in text, also qmail's "(#5.1.1)" and IronPort's "#5.1.0" forms. */
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])#?([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");

    private ReplyClassifier() {
    }

    /**
     * @param code           the three-digit SMTP reply code, or 0 when unknown (a DSN with only a Status)
     * @param enhancedStatus the RFC 3463 code ("5.1.1", a leading '#' is accepted), or null/blank; when
     *                       absent, the first code found in {@code text} is used
     * @param text           the reply text, may be null
     */
    public static Classification classify(int code, String enhancedStatus, String text) {
        String status = normalize(enhancedStatus);
        if (status == null) {
            status = normalize(text);
        }
        int klass = code >= 400 && code < 600 ? code / 100
                : status != null ? status.charAt(0) - '0' : 5; // a bounce with no code at all is a failure
        Reason reason = byEnhanced(status, text);
        if (reason == null) {
            reason = ReplyTextPatterns.match(text).orElse(null);
        }
        if (reason == null) {
            reason = klass == 4 ? (code == 421 ? Reason.RATE_LIMITED : Reason.SYSTEM_ERROR) : Reason.UNKNOWN;
        }
        HardSoft hardSoft = klass == 4 ? HardSoft.SOFT : reason.defaultHardSoft();
        return new Classification(reason, hardSoft, status != null ? status : klass + ".0.0");
    }

    /** The reason a specific enhanced code gives (RFC 3463 §3.3–3.9), or null when it is generic. */
    private static Reason byEnhanced(String status, String text) {
        if (status == null) {
            return null;
        }
        String[] p = status.split("\\.");
        int klass = Integer.parseInt(p[0]);
        int subject = Integer.parseInt(p[1]);
        int detail = Integer.parseInt(p[2]);
        return switch (subject) {
            // §3.3 addressing: X.1.1 bad mailbox, X.1.3 bad syntax, X.1.6 moved, X.1.10 null MX (RFC 7505)
            // is a host problem; X.1.0 is what IronPort says for an unknown recipient ("#5.1.0 Address
            // rejected"). X.1.7/X.1.8 are about our sender address: a policy matter.
            case 1 -> switch (detail) {
                case 0, 1, 3, 6 -> Reason.USER_UNKNOWN;
                case 10 -> ReplyTextPatterns.says(text, Reason.HOST_UNKNOWN) ? Reason.HOST_UNKNOWN
                        : Reason.USER_UNKNOWN;
                case 2 -> Reason.HOST_UNKNOWN;
                case 7, 8 -> Reason.BLOCKED_POLICY;
                default -> null;
            };
            // §3.4 mailbox status. Gmail sends 4.2.1 "receiving mail too quickly" for a per-user rate limit.
            case 2 -> switch (detail) {
                case 1 -> ReplyTextPatterns.says(text, Reason.RATE_LIMITED) ? Reason.RATE_LIMITED
                        : Reason.SUSPENDED;
                case 2 -> Reason.MAILBOX_FULL;
                case 3 -> Reason.MESSAGE_TOO_BIG;
                default -> null;
            };
            // §3.5 mail system status: X.3.4 too big; the rest are faults of the receiving system.
            case 3 -> detail == 4 ? Reason.MESSAGE_TOO_BIG : Reason.SYSTEM_ERROR;
            // §3.6 network and routing: X.4.4 unable to route (no MX/A), X.4.7 lifetime expired.
            // Office 365 uses 5.4.1 "Recipient address rejected: Access denied" for a directory miss.
            case 4 -> switch (detail) {
                case 4 -> Reason.HOST_UNKNOWN;
                case 7 -> Reason.EXPIRED;
                case 1 -> ReplyTextPatterns.says(text, Reason.USER_UNKNOWN) || directoryMiss(text)
                        ? Reason.USER_UNKNOWN : Reason.SYSTEM_ERROR;
                default -> klass == 4 ? Reason.SYSTEM_ERROR : null;
            };
            case 7 -> bySecurity(klass, detail, text);
            default -> null;
        };
    }

    /** §3.9 security or policy status, where receivers are least precise. */
    private static Reason bySecurity(int klass, int detail, String text) {
        // X.7.10 encryption needed (RFC 5248 registry), X.7.11 encryption required for the mechanism;
        // 5.7.0/4.7.0 "Must issue a STARTTLS command first" is the classic wording.
        if (detail == 10 || detail == 11 || ReplyTextPatterns.says(text, Reason.TLS_REQUIRED)) {
            return Reason.TLS_REQUIRED;
        }
        if (klass == 4) {
            // 4.7.x is how Gmail, Yahoo and Outlook say "slow down" and how greylisting says "come back";
            // a DNSBL hit with a 4xx is still a block, just a temporary one.
            return ReplyTextPatterns.blocklisted(text) && !ReplyTextPatterns.says(text, Reason.RATE_LIMITED)
                    ? Reason.BLOCKED_POLICY : Reason.RATE_LIMITED;
        }
        if (ReplyTextPatterns.says(text, Reason.USER_UNKNOWN)) {
            return Reason.USER_UNKNOWN; // e.g. Proton's "5.7.1 ... Address does not exist"
        }
        if (!ReplyTextPatterns.blocklisted(text) && ReplyTextPatterns.says(text, Reason.SPAM_CONTENT)) {
            return Reason.SPAM_CONTENT;
        }
        return Reason.BLOCKED_POLICY;
    }

    private static boolean directoryMiss(String text) {
        return text != null && text.toLowerCase(java.util.Locale.ROOT).contains("recipient address rejected");
    }

    /** "5.1.1" from "5.1.1", "#5.1.1" or a text containing one; null when there is none. */
    static String normalize(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Matcher m = ENHANCED.matcher(s.trim());
        if (!m.find()) {
            return null;
        }
        return m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3));
    }
}
