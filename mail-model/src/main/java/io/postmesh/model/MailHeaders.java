package io.postmesh.model;

/** Kafka record header names used across the pipeline. */
public final class MailHeaders {
    /** JSON {@link Envelope} of the message (or of the delivery job) whose body is the record value. */
    public static final String ENVELOPE = "pm-envelope";
    /** JSON array of {@link RecipientOutcome}s, on {@link Topics#DEFERRED} and {@link Topics#FAILED} records. */
    public static final String OUTCOMES = "pm-outcomes";
    /** W3C trace context (https://www.w3.org/TR/trace-context/), one trace per message. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private MailHeaders() {}
}
