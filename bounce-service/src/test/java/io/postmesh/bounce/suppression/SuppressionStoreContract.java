package io.postmesh.bounce.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SuppressionStore} must do. Implementations' test classes implement this interface and
 * supply a store reading the given clock; each test uses a tenant of its own.
 */
public interface SuppressionStoreContract {
    Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    SuppressionStore store(MutableClock clock);

    default String freshTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    default void addedAddressIsReadBackWithReasonAndTime() {
        MutableClock clock = new MutableClock(T0);
        SuppressionStore store = store(clock);
        String tenant = freshTenant();

        assertThat(store.add(tenant, "bob@example.test", "hard bounce: 550 5.1.1", Optional.empty())).isTrue();

        assertThat(store.get(tenant, "bob@example.test")).contains(
                new Suppression("bob@example.test", "hard bounce: 550 5.1.1", T0, null));
        assertThat(store.get(tenant, "carol@example.test")).isEmpty();
        assertThat(store.get(freshTenant(), "bob@example.test")).as("other tenant").isEmpty();
    }

    @Test
    default void addingAgainReplacesTheEntry() {
        MutableClock clock = new MutableClock(T0);
        SuppressionStore store = store(clock);
        String tenant = freshTenant();
        store.add(tenant, "bob@example.test", "first", Optional.empty());
        clock.advance(Duration.ofHours(1));

        assertThat(store.add(tenant, "bob@example.test", "second", Optional.of(Duration.ofDays(1)))).isFalse();

        assertThat(store.get(tenant, "bob@example.test")).contains(new Suppression("bob@example.test", "second",
                T0.plusSeconds(3600), T0.plusSeconds(3600).plus(Duration.ofDays(1))));
    }

    @Test
    default void entryWithTtlStopsSuppressingWhenItExpires() {
        MutableClock clock = new MutableClock(T0);
        SuppressionStore store = store(clock);
        String tenant = freshTenant();
        store.add(tenant, "bob@example.test", "soft", Optional.of(Duration.ofDays(30)));

        clock.advance(Duration.ofDays(30).minusSeconds(1));
        assertThat(store.get(tenant, "bob@example.test")).isPresent();
        assertThat(store.list(tenant, "0", 10).items()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(store.get(tenant, "bob@example.test")).isEmpty();
        assertThat(store.list(tenant, "0", 10).items()).isEmpty();
    }

    @Test
    default void removeSaysWhetherThereWasAnEntry() {
        SuppressionStore store = store(new MutableClock(T0));
        String tenant = freshTenant();
        store.add(tenant, "bob@example.test", "x", Optional.empty());

        assertThat(store.remove(tenant, "bob@example.test")).isTrue();
        assertThat(store.remove(tenant, "bob@example.test")).isFalse();
        assertThat(store.get(tenant, "bob@example.test")).isEmpty();
    }

    @Test
    default void listPagesThroughEveryEntryOnce() {
        SuppressionStore store = store(new MutableClock(T0));
        String tenant = freshTenant();
        Set<String> added = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String address = "user" + i + "@example.test";
            store.add(tenant, address, "r" + i, Optional.empty());
            added.add(address);
        }

        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int pages = 0;
        do {
            SuppressionStore.Page page = store.list(tenant, cursor, 50);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(50);
            page.items().forEach(s -> assertThat(seen.add(s.address())).as("seen once: %s", s.address()).isTrue());
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(seen).isEqualTo(added);
        assertThat(pages).isGreaterThan(1);
    }

    @Test
    default void listOfAnEmptyTenantIsOneEmptyPage() {
        SuppressionStore.Page page = store(new MutableClock(T0)).list(freshTenant(), "0", 10);
        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isNull();
    }
}
