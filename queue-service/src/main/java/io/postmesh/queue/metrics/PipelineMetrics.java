package io.postmesh.queue.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.postmesh.model.Addresses;
import io.postmesh.model.MailEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The pipeline's outcome metrics, counted where every outcome passes: the queue service's reader of
 * {@code mail.events}. Each event is counted once (replays are not news, see TrackingStore.Applied).
 *
 * <ul>
 *   <li>{@code postmesh_events_total{type, tenant, site}}: accepted, delivered, deferred, bounced, suppressed,
 *       expired... per tenant and destination domain, both label sets bounded ({@link BoundedLabel});</li>
 *   <li>{@code postmesh_delivery_latency_seconds}: time from acceptance to delivery of each recipient, as a
 *       histogram (Prometheus buckets from 100 ms to 5 days).</li>
 * </ul>
 */
@ApplicationScoped
public class PipelineMetrics {
    /** Label bounds. */
    @ConfigMapping(prefix = "postmesh.metrics")
    public interface MetricsConfig {
        /** Distinct tenants that get their own series; later ones are counted as "other". */
        @WithDefault("200")
        int maxTenants();

        /** Distinct destination domains that get their own series; later ones are counted as "other". */
        @WithDefault("200")
        int maxSites();
    }

    private final MeterRegistry registry;
    private final BoundedLabel tenants;
    private final BoundedLabel sites;
    private final Timer deliveryLatency;

    public PipelineMetrics(MeterRegistry registry, MetricsConfig config) {
        this.registry = registry;
        this.tenants = new BoundedLabel(config.maxTenants());
        this.sites = new BoundedLabel(config.maxSites());
        this.deliveryLatency = Timer.builder("postmesh.delivery.latency")
                .description("Time from acceptance by ingress to delivery, per recipient")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(5))
                .register(registry);
    }

    /** Counts one event, and for a delivery its latency since acceptance (when the acceptance is known). */
    public void record(MailEvent event, Instant acceptedAt) {
        String site = event.destination() != null ? event.destination() : Addresses.domainOf(event.recipient());
        Counter.builder("postmesh.events")
                .description("Pipeline events (outcomes) by type, tenant and destination domain")
                .tag("type", event.type().name())
                .tag("tenant", tenants.of(event.tenant()))
                .tag("site", sites.of(site))
                .register(registry)
                .increment();
        if (event.type() == MailEvent.EventType.DELIVERED && acceptedAt != null && event.time() != null
                && !event.time().isBefore(acceptedAt)) {
            deliveryLatency.record(Duration.between(acceptedAt, event.time()));
        }
    }
}
