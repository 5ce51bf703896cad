package io.postmesh.delivery.shaping;

import java.time.Duration;

/**
 * A limit held a connection or message back. {@link #limit()} is a short stable name for span attributes and
 * metrics ({@value #MAX_CONNECTIONS}, {@value #MESSAGE_RATE}, {@value #THROTTLED}); {@link #detail()} says which
 * value of which site and source, for logs and the deferral text.
 *
 * @param retryAfter when to ask again at the earliest (a hint: a released connection may free a slot sooner)
 */
public record HeldBack(String limit, String detail, Duration retryAfter) implements ConnectionDecision, MessageDecision {
    /** All of the site's connection slots for this source are leased. */
    public static final String MAX_CONNECTIONS = "max-connections";
    /** One of the site's message rates is used up. */
    public static final String MESSAGE_RATE = "message-rate";
    /** The site answered with a throttling reply a short while ago: nothing new starts during the pause. */
    public static final String THROTTLED = "throttled";
}
