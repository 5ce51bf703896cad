package io.postmesh.ingress.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ingress metrics on {@code /q/metrics} (Prometheus names):
 * <ul>
 *   <li>{@code postmesh_ingress_sessions_total{listener}}: SMTP sessions begun (after the connection limits);</li>
 *   <li>{@code postmesh_ingress_sessions_active}: SMTP sessions open now;</li>
 *   <li>{@code postmesh_ingress_messages_total{listener, outcome, reason}}: {@code accepted} ({@code reason="none"})
 *       or {@code refused} with a {@link RefusalReason}; {@code listener} is relay, submission, smtps or http;</li>
 *   <li>{@code postmesh_ingress_bytes_total{listener}}: octets of accepted messages as stored;</li>
 *   <li>{@code postmesh_ingress_handoff_seconds}: end of data to the Kafka acknowledgement (processing included).</li>
 * </ul>
 * Every label takes a handful of fixed values, so the number of series is bounded.
 */
@ApplicationScoped
public class IngressMetrics {
    public static final String HTTP = "http";

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer handoff;

    @Inject
    public IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("postmesh.ingress.sessions.active", active);
        this.handoff = Timer.builder("postmesh.ingress.handoff")
                .description("End of message data to the Kafka acknowledgement")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    public void sessionOpened(String listener) {
        counter("postmesh.ingress.sessions", "SMTP sessions begun", "listener", listener).increment();
        active.incrementAndGet();
    }

    public void sessionClosed() {
        active.decrementAndGet();
    }

    public void accepted(String listener, long bytes) {
        counter("postmesh.ingress.messages", "Messages accepted or refused", "listener", listener,
                "outcome", "accepted", "reason", "none").increment();
        counter("postmesh.ingress.bytes", "Octets of accepted messages", "listener", listener).increment(bytes);
    }

    public void refused(String listener, String reason) {
        counter("postmesh.ingress.messages", "Messages accepted or refused", "listener", listener,
                "outcome", "refused", "reason", reason).increment();
    }

    public void handoff(long nanos) {
        handoff.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
