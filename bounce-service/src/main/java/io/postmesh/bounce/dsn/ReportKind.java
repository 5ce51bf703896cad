package io.postmesh.bounce.dsn;

import io.postmesh.model.Recipient;

/**
 * What a DSN reports (RFC 3464 §2.3.3 Action): a permanent failure, or a delay warning for mail that is still
 * being retried (sent once when the queue's delay-warning time has passed, like Postfix's delay_warning_time).
 */
public enum ReportKind {
    FAILED("failed", "Undelivered Mail Returned to Sender"),
    DELAYED("delayed", "Delayed Mail (still being retried)");

    private final String action;
    private final String subject;

    ReportKind(String action, String subject) {
        this.action = action;
        this.subject = subject;
    }

    /** The Action field value. */
    public String action() {
        return action;
    }

    public String subject() {
        return subject;
    }

    /**
     * Whether {@code recipient} asked for this kind of notice (RFC 3461 §4.1). Without NOTIFY the MTA decides:
     * failures are always reported, delays too (Postfix's default when delay warnings are enabled).
     */
    public boolean wanted(Recipient recipient) {
        if (this == FAILED) {
            return recipient.wantsFailureNotice();
        }
        return recipient.notifyOn().isEmpty() || recipient.notifyOn().contains(Recipient.Notify.DELAY);
    }
}
