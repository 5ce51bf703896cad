package io.postmesh.model;

/** Kafka record header names used across the pipeline. */
public final class MailHeaders {
    /** JSON {@link Envelope} of the message (or of the delivery job) whose body is the record value. */
    public static final String ENVELOPE = "pm-envelope";
    /** JSON array of {@link RecipientOutcome}s, on {@link Topics#DEFERRED} and {@link Topics#FAILED} records. */
    public static final String OUTCOMES = "pm-outcomes";
    /** When a job on a retry tier topic becomes due: epoch milliseconds, as decimal text. */
    public static final String DUE_AT = "pm-due-at";
    /**
     * On {@link Topics#FAILED}: {@code delayed} marks a delay warning (RFC 3464 Action: delayed) rather than a
     * permanent failure; the job itself stays queued.
     */
    public static final String NOTICE = "pm-notice";
    public static final String NOTICE_DELAYED = "delayed";
    /** W3C trace context (https://www.w3.org/TR/trace-context/), one trace per message. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private MailHeaders() {}
}
