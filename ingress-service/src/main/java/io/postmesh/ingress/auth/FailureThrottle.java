package io.postmesh.ingress.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Failed AUTH attempts per client IP in a sliding window (like Postfix's anvil-based
 * {@code smtpd_client_auth_rate_limit}, but counting failures only). A client with {@code max} failures in
 * the window is locked out until the oldest of them leaves the window. Kept per replica, in memory: a
 * guesser spread over replicas gets at most {@code max} tries per replica and window.
 */
public final class FailureThrottle {
    private static final int SWEEP_ABOVE = 10_000;

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Map<InetAddress, Deque<Instant>> failures = new HashMap<>();

    public FailureThrottle(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** Whether the client is locked out now. */
    public synchronized boolean blocked(InetAddress client) {
        Deque<Instant> times = failures.get(client);
        return times != null && prune(times, clock.instant()) >= max;
    }

    /**
     * Records one failure.
     *
     * @return true if this failure reached the limit (the client is now locked out)
     */
    public synchronized boolean fail(InetAddress client) {
        Instant now = clock.instant();
        if (failures.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        Deque<Instant> times = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
        return times.size() >= max;
    }

    private int prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
        return times.size();
    }

    private void sweep(Instant now) {
        for (Iterator<Deque<Instant>> it = failures.values().iterator(); it.hasNext(); ) {
            if (prune(it.next(), now) == 0) {
                it.remove();
            }
        }
    }
}
