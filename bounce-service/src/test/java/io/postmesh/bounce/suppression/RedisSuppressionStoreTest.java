package io.postmesh.bounce.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract against a real Redis, plus the exact stored format the queue service reads. */
@QuarkusTest
@TestProfile(SuppressionTestProfile.class)
@WithTestResource(PipelineInfra.class)
class RedisSuppressionStoreTest implements SuppressionStoreContract {

    @Inject
    RedisDataSource redis;

    @Override
    public SuppressionStore store(MutableClock clock) {
        return new RedisSuppressionStore(redis, clock);
    }

    @Test
    void storedValueIsTheFormatTheQueueServiceReads() throws Exception {
        String tenant = freshTenant();
        store(new MutableClock(T0)).add(tenant, "bob@example.test", "hard bounce", Optional.of(Duration.ofDays(30)));
        store(new MutableClock(T0)).add(tenant, "carol@example.test", "manual", Optional.empty());

        JsonNode withTtl = new ObjectMapper().readTree(
                redis.hash(String.class).hget("pm:suppression:" + tenant, "bob@example.test"));
        assertThat(withTtl.get("reason").asText()).isEqualTo("hard bounce");
        assertThat(Instant.parse(withTtl.get("at").asText())).isEqualTo(T0);
        assertThat(Instant.parse(withTtl.get("expiresAt").asText())).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(withTtl.size()).isEqualTo(3);

        JsonNode permanent = new ObjectMapper().readTree(
                redis.hash(String.class).hget("pm:suppression:" + tenant, "carol@example.test"));
        assertThat(permanent.has("expiresAt")).as("no expiresAt when there is no TTL").isFalse();
    }

    @Test
    void unreadableValueStillSuppresses() {
        String tenant = freshTenant();
        redis.hash(String.class).hset("pm:suppression:" + tenant, "bob@example.test", "not json");

        assertThat(store(new MutableClock(T0)).get(tenant, "bob@example.test"))
                .hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo("suppressed"));
    }

    @Test
    void softBounceCounterCountsWithinTheWindowAndEachBounceOnce() {
        MutableClock clock = new MutableClock(T0);
        SoftBounceCounter counter = new SoftBounceCounter(redis, clock);
        String tenant = freshTenant();
        Duration week = Duration.ofDays(7);

        assertThat(counter.record(tenant, "bob@example.test", "q1:1", week)).isEqualTo(1);
        assertThat(counter.record(tenant, "bob@example.test", "q1:1", week)).as("redelivered").isEqualTo(1);
        clock.advance(Duration.ofDays(4));
        assertThat(counter.record(tenant, "bob@example.test", "q2:1", week)).isEqualTo(2);
        clock.advance(Duration.ofDays(4));
        assertThat(counter.record(tenant, "bob@example.test", "q3:1", week)).as("q1 left the window").isEqualTo(2);
        assertThat(redis.key().pttl(SoftBounceCounter.key(tenant, "bob@example.test")))
                .isBetween(week.toMillis() - 60_000, week.toMillis());

        counter.reset(tenant, "bob@example.test");
        assertThat(counter.record(tenant, "bob@example.test", "q4:1", week)).isEqualTo(1);
    }
}
