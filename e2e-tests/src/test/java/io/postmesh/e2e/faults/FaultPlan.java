package io.postmesh.e2e.faults;

import java.time.Duration;

/**
 * How one scenario runs: a steady load of {@code rate} messages/s over {@code sessions} SMTP sessions for
 * {@code duration}; the fault is injected at {@code faultAt} and healed {@code window} later; afterwards the
 * harness waits until every accepted message is accounted for, giving up after {@code quiet} without progress
 * (or {@code settleMax} in all), then watches {@code linger} more for late duplicates.
 */
record FaultPlan(Fault fault, double rate, int sessions, String size, Duration duration, Duration faultAt,
                 Duration window, Duration quiet, Duration settleMax, Duration linger, boolean probe) {

    /**
     * The plan from system properties ({@code fault.rate}, {@code fault.duration}, {@code fault.window},
     * {@code fault.sessions}, {@code fault.size}); the fault comes at a third of the load.
     */
    static FaultPlan fromProperties(Fault fault, Duration defaultDuration, boolean probe) {
        Duration duration = Duration.parse("PT" + System.getProperty("fault.duration",
                defaultDuration.toSeconds() + "s").toUpperCase());
        Duration window = Duration.parse("PT" + System.getProperty("fault.window", "15s").toUpperCase());
        return new FaultPlan(fault, Double.parseDouble(System.getProperty("fault.rate", "10")),
                Integer.getInteger("fault.sessions", 4), System.getProperty("fault.size", "5k"), duration,
                duration.dividedBy(3), window, Duration.ofSeconds(90), Duration.ofMinutes(5),
                Duration.ofSeconds(10), probe);
    }
}
