package io.postmesh.loadgen.load;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out message numbers to the sessions and says when each may be sent: stops after {@code count} messages
 * or at the deadline, whichever comes first, and spaces messages {@code 1/rate} apart from the start when a rate
 * is set (open-loop schedule: a slow reply does not move later messages, so queueing shows up as latency instead
 * of as a lower offered rate). Thread-safe.
 */
public final class Pacer {
    /** No more messages. */
    public static final long STOP = -1;

    private final long startNanos;
    private final long count;
    private final long deadlineNanos;
    private final double ratePerSecond;
    private final AtomicLong next = new AtomicLong();

    /**
     * @param count         total messages, 0 for no limit
     * @param durationNanos run time, 0 for no limit
     * @param ratePerSecond messages per second over all sessions, 0 for as fast as the server answers
     */
    public Pacer(long startNanos, long count, long durationNanos, double ratePerSecond) {
        if (count <= 0 && durationNanos <= 0) {
            throw new IllegalArgumentException("give a message count or a duration");
        }
        this.startNanos = startNanos;
        this.count = count;
        this.deadlineNanos = durationNanos > 0 ? startNanos + durationNanos : Long.MAX_VALUE;
        this.ratePerSecond = ratePerSecond;
    }

    /** The next message number, or {@link #STOP}. */
    public long take(long nowNanos) {
        if (nowNanos - deadlineNanos >= 0) {
            return STOP;
        }
        long n = next.getAndIncrement();
        if (count > 0 && n >= count) {
            return STOP;
        }
        if (ratePerSecond > 0 && dueNanos(n) - deadlineNanos >= 0) {
            return STOP;
        }
        return n;
    }

    /**
     * Whether no message will be handed out any more (count reached, deadline passed, or with a rate the next
     * message would be due after the deadline); takes nothing.
     */
    public boolean finished(long nowNanos) {
        long n = next.get();
        return nowNanos - deadlineNanos >= 0 || (count > 0 && n >= count)
                || (ratePerSecond > 0 && dueNanos(n) - deadlineNanos >= 0);
    }

    /** How long to wait before sending message {@code n}; 0 when it is due. */
    public long delayNanos(long n, long nowNanos) {
        if (ratePerSecond <= 0) {
            return 0;
        }
        return Math.max(0, dueNanos(n) - nowNanos);
    }

    private long dueNanos(long n) {
        return startNanos + (long) (n * 1e9 / ratePerSecond);
    }

    /** Messages handed out so far (may exceed the count by the number of sessions that asked after the end). */
    public long taken() {
        return count > 0 ? Math.min(next.get(), count) : next.get();
    }

    public long startNanos() {
        return startNanos;
    }
}
