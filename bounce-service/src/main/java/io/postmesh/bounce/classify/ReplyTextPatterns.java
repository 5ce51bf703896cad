package io.postmesh.bounce.classify;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reply-text phrases of the big receivers, for replies that carry no enhanced code or only a generic one
 * (X.0.0, X.5.0). Checked in order, first match wins; the order resolves overlaps: "domain does not exist"
 * is a host problem before "does not exist" is a user problem, a DNS blocklist ("blocked using
 * zen.spamhaus.org") is a policy block before "spam" is a content verdict, and "mailbox size limit" is a
 * full mailbox before "size limit" is an oversized message.
 *
 * <p>The phrases were written from the public wording of the receivers (Gmail, Outlook/Office 365, Yahoo,
 * iCloud, Postfix, Exim, Sendmail, qmail, Mimecast, Barracuda, IronPort ...); they are deliberately short
 * substrings so that small rewordings still match.
 */
final class ReplyTextPatterns {

    private record Rule(Pattern pattern, Reason reason) {
    }

    private static final List<Rule> RULES = List.of(
            rule(Reason.SYSTEM_ERROR, "mail loop", "loop detected", "hop count exceeded", "too many hops"),
            rule(Reason.HOST_UNKNOWN, "host not found", "host unknown", "unknown host", "domain not found",
                    "domain does not exist", "no such domain", "unrouteable", "unroutable", "name service error",
                    "couldn't find any host", "non-existent host", "nxdomain", "no mx record",
                    "domain (?:name )?couldn't be found"),
            rule(Reason.SUSPENDED, "account (?:is |has been )?disabled", "account (?:is |has been )?suspended",
                    "mailbox (?:is |has been )?disabled", "account (?:is )?inactive", "deactivated",
                    "account (?:is |has been )?locked", "no longer (?:active|available)", "is disabled"),
            rule(Reason.MAILBOX_FULL, "mailbox (?:is )?full", "mailbox size", "over ?quota", "quota exceeded",
                    "exceeded (?:its |the )?(?:storage|quota)", "out of storage", "storage space",
                    "inbox is full", "full mailbox", "insufficient storage", "mailfolder is over"),
            rule(Reason.USER_UNKNOWN, "user unknown", "unknown user", "no such user", "no such mailbox",
                    "no such recipient", "does not exist", "doesn't exist", "not exist", "mailbox not found",
                    "mailbox unavailable", "invalid recipient", "invalid mailbox", "recipient not found",
                    "recipientnotfound", "unknown recipient", "user not found", "no mailbox here",
                    "not a valid (?:mailbox|recipient|user)", "doesn't have a [a-z0-9.-]+ account",
                    "address not found", "unknown (?:or illegal )?alias", "addressee unknown"),
            rule(Reason.MESSAGE_TOO_BIG, "too large", "too big", "size exceeds", "exceeds (?:the )?(?:maximum )?"
                    + "(?:message )?size", "size limit", "exceeded [a-z']+ message size"),
            rule(Reason.TLS_REQUIRED, "starttls", "\\btls\\b", "encryption (?:is )?(?:required|needed)"),
            rule(Reason.EXPIRED, "retry timeout exceeded", "queue too long", "too long in (?:the )?queue",
                    "delivery time expired", "message expired", "expired", "could not be delivered for \\d+"),
            rule(Reason.RATE_LIMITED, "too many", "rate limit", "rate-limit", "rate limited", "too quickly",
                    "too fast", "greylist", "graylist", "try again later", "temporarily deferred",
                    "unexpected volume", "throttl"),
            rule(Reason.BLOCKED_POLICY, "blocked using", "blacklist", "blocklist", "block list", "denylist",
                    "listed (?:at|in|on|by)", "spamhaus", "spamcop", "reputation"),
            rule(Reason.SPAM_CONTENT, "\\bspam\\b", "unsolicited", "content", "virus", "malware", "phishing",
                    "bulk mail", "message (?:looks|was) suspicious"),
            rule(Reason.BLOCKED_POLICY, "blocked", "policy", "not allowed", "not permitted", "denied",
                    "unauthenticated", "not authorized", "dmarc", "\\bspf\\b", "dkim", "relay", "refused",
                    "rejected"),
            rule(Reason.SYSTEM_ERROR, "temporar", "internal (?:server )?error", "local error", "resources",
                    "try again", "timed out", "connection refused", "service unavailable"));

    /** DNS blocklists and reputation systems: a block on our IP, whatever the code's detail says. */
    private static final Pattern BLOCKLIST = RULES.get(9).pattern();

    private ReplyTextPatterns() {
    }

    /** The reason the first matching phrase names, or empty. */
    static Optional<Reason> match(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (Rule r : RULES) {
            if (r.pattern().matcher(lower).find()) {
                return Optional.of(r.reason());
            }
        }
        return Optional.empty();
    }

    /** Whether the text names one specific reason (used to refine a generic enhanced code). */
    static boolean says(String text, Reason reason) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return RULES.stream().anyMatch(r -> r.reason() == reason && r.pattern().matcher(lower).find());
    }

    /** Whether the text names a DNS blocklist or a reputation block. */
    static boolean blocklisted(String text) {
        return text != null && BLOCKLIST.matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    private static Rule rule(Reason reason, String... phrases) {
        return new Rule(Pattern.compile(String.join("|", phrases)), reason);
    }
}
