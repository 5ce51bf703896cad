package io.postmesh.bounce.arf;

import java.util.Locale;

/**
 * The Feedback-Type of an ARF report: the RFC 5965 §7.3 registry (abuse, fraud, other, virus), plus
 * not-spam (RFC 6650) and auth-failure (RFC 6591). Anything else is {@link #OTHER}, as §3.1 lets receivers
 * treat unknown types.
 */
public enum FeedbackType {
    ABUSE("abuse", true),
    FRAUD("fraud", true),
    VIRUS("virus", true),
    OTHER("other", false),
    NOT_SPAM("not-spam", false),
    AUTH_FAILURE("auth-failure", false);

    private final String token;
    private final boolean complaint;

    FeedbackType(String token, boolean complaint) {
        this.token = token;
        this.complaint = complaint;
    }

    /** The token as it appears in the report. */
    public String token() {
        return token;
    }

    /** Whether the recipient complained about the mail (and so must not get more of it). */
    public boolean complaint() {
        return complaint;
    }

    public static FeedbackType of(String token) {
        String t = token == null ? "" : token.strip().toLowerCase(Locale.ROOT);
        for (FeedbackType type : values()) {
            if (type.token.equals(t)) {
                return type;
            }
        }
        return OTHER;
    }
}
