package io.postmesh.bounce.classify;

import java.util.Locale;

/**
 * Why a message bounced, in the coarse classes bounce processing acts on.
 *
 * <p>Each reason has a default {@link HardSoft}, used for permanent (5xx) failures; a transient (4xx) reply
 * is always SOFT. The defaults answer "is the <em>recipient</em> bad?": a policy block, a spam verdict or an
 * oversized message are about the sender or the message, so they are SOFT even with a 5xx code, and must not
 * get an address suppressed.
 */
public enum Reason {
    /** RFC 3463 X.1.1, X.1.10: the mailbox does not exist. */
    USER_UNKNOWN(HardSoft.HARD),
    /** X.2.2: over quota. Usually clears when the owner cleans up. */
    MAILBOX_FULL(HardSoft.SOFT),
    /** X.1.2, X.4.4: the domain does not resolve or has no usable MX. */
    HOST_UNKNOWN(HardSoft.HARD),
    /** X.7.x: rejected for the sender's IP, domain, authentication or a blocklist. */
    BLOCKED_POLICY(HardSoft.SOFT),
    /** X.7.1 with a content verdict: spam, virus, phishing. */
    SPAM_CONTENT(HardSoft.SOFT),
    /** X.2.3, X.3.4: larger than the receiver accepts. */
    MESSAGE_TOO_BIG(HardSoft.SOFT),
    /** X.4.7: the sending MTA gave up after its queue lifetime. */
    EXPIRED(HardSoft.SOFT),
    /** X.2.1: the account exists but is disabled or suspended. */
    SUSPENDED(HardSoft.HARD),
    /** X.3.x, X.4.x and other 4xx: a fault on some MTA's side. */
    SYSTEM_ERROR(HardSoft.SOFT),
    /** 4.7.x, 421: rate limits, greylisting, too many connections. */
    RATE_LIMITED(HardSoft.SOFT),
    /** X.7.10, X.7.11, X.7.0 "STARTTLS": the receiver wants an encrypted session. */
    TLS_REQUIRED(HardSoft.SOFT),
    /** Nothing matched; a 5xx is treated as HARD. */
    UNKNOWN(HardSoft.HARD);

    private final HardSoft defaultHardSoft;

    Reason(HardSoft defaultHardSoft) {
        this.defaultHardSoft = defaultHardSoft;
    }

    /** HARD/SOFT for a permanent failure with this reason. */
    public HardSoft defaultHardSoft() {
        return defaultHardSoft;
    }

    /** Lower-case snake form used in JSON and metrics: {@code user_unknown}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
