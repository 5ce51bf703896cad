package io.postmesh.bounce.suppression;

import io.postmesh.bounce.suppression.SuppressionPolicy.Decision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Carries out a {@link Decision} against the {@link SuppressionStore}, never weakening what is there: an entry
 * in force that lasts at least as long as the new one (e.g. a permanent hard-bounce or manual entry, when a
 * soft-bounce run with a 30-day TTL arrives late) is kept as it is.
 */
@ApplicationScoped
public class Suppressor {
    private static final Logger LOG = Logger.getLogger(Suppressor.class);

    private final SuppressionStore store;
    private final Clock clock;

    @Inject
    public Suppressor(SuppressionStore store) {
        this(store, Clock.systemUTC());
    }

    public Suppressor(SuppressionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** @return true if the address was (re)suppressed, false if the decision was "no" or an entry outlives it */
    public boolean apply(String tenant, String address, Decision decision) {
        if (!decision.suppress()) {
            return false;
        }
        Optional<Suppression> existing = store.get(tenant, address);
        if (existing.isPresent() && outlives(existing.get(), decision.ttl(), clock.instant())) {
            LOG.debugf("%s/%s already suppressed (%s); kept", tenant, address, existing.get().reason());
            return false;
        }
        store.add(tenant, address, decision.reason(), decision.ttl());
        LOG.infof("suppressed %s for tenant %s: %s%s", address, tenant, decision.reason(),
                decision.ttl().map(t -> " (for " + t + ")").orElse(""));
        return true;
    }

    /** Whether {@code existing} lasts at least as long as a new entry with {@code ttl} written at {@code now}. */
    static boolean outlives(Suppression existing, Optional<Duration> ttl, Instant now) {
        if (existing.expiresAt() == null) {
            return true;
        }
        return ttl.isPresent() && !existing.expiresAt().isBefore(now.plus(ttl.get()));
    }
}
