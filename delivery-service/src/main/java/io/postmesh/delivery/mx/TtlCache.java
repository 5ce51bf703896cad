package io.postmesh.delivery.mx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * DNS answers kept for as long as their TTL says (RFC 1035 §3.2.1; negative answers per RFC 2308 §5), never
 * longer than {@code maxTtl}, and at most {@code maxEntries} of them (the least recently used go first). A
 * delivery service sending thousands of messages a second to a few hundred domains would otherwise ask the
 * resolver the same MX and A questions for every job.
 */
final class TtlCache<K, V> {
    private final Clock clock;
    private final Duration maxTtl;
    private final Map<K, Entry<V>> entries;

    private record Entry<V>(V value, Instant expires) {}

    TtlCache(Clock clock, Duration maxTtl, int maxEntries) {
        this.clock = clock;
        this.maxTtl = maxTtl;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The value if it is still fresh. */
    synchronized Optional<V> get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /** Keeps {@code value} for {@code ttl} (capped at the maximum); a TTL of zero or less is not kept. */
    synchronized void put(K key, V value, Duration ttl) {
        Duration kept = ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
        if (kept.isZero() || kept.isNegative()) {
            entries.remove(key);
            return;
        }
        entries.put(key, new Entry<>(value, clock.instant().plus(kept)));
    }
}
