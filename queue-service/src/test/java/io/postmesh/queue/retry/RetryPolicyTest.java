package io.postmesh.queue.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Overrides resolve destination over tenant over global, read through the real config mapping. */
class RetryPolicyTest {

    private static RetryConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(RetryConfig.class)
                // Quarkus' own converter, so "5m" and "2d" read as they do in application.properties.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(RetryConfig.class);
    }

    @Test
    void defaultsAreThePostfixLikeSchedule() {
        RetryPolicy policy = RetryPolicy.of(config(Map.of()), "default", "example.test");
        assertThat(policy).isEqualTo(new RetryPolicy(Duration.ofMinutes(5), 2.0, Duration.ofHours(1), 0.1,
                Duration.ofDays(5), Optional.empty()));
    }

    @Test
    void destinationWinsOverTenantWinsOverGlobal() {
        RetryConfig config = config(Map.of(
                "postmesh.queue.retry.max-age", "3d",
                "postmesh.queue.retry.delay-warning", "4h",
                "postmesh.queue.retry.tenants.\"acme\".max-age", "2d",
                "postmesh.queue.retry.tenants.\"acme\".first", "2m",
                "postmesh.queue.retry.destinations.\"example.test\".first", "1m",
                "postmesh.queue.retry.destinations.\"example.test\".delay-warning", "0s"));

        RetryPolicy both = RetryPolicy.of(config, "acme", "Example.TEST");
        assertThat(both.first()).isEqualTo(Duration.ofMinutes(1));     // destination
        assertThat(both.maxAge()).isEqualTo(Duration.ofDays(2));       // tenant
        assertThat(both.maxInterval()).isEqualTo(Duration.ofHours(1)); // global default
        assertThat(both.delayWarning()).isEmpty();                     // 0s: off for this destination

        RetryPolicy tenantOnly = RetryPolicy.of(config, "acme", "other.test");
        assertThat(tenantOnly.first()).isEqualTo(Duration.ofMinutes(2));
        assertThat(tenantOnly.delayWarning()).contains(Duration.ofHours(4));

        RetryPolicy neither = RetryPolicy.of(config, "default", "other.test");
        assertThat(neither.first()).isEqualTo(Duration.ofMinutes(5));
        assertThat(neither.maxAge()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void rejectsSettingsThatCannotMakeASchedule() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(5), 0.5, Duration.ofHours(1), 0.1,
                Duration.ofDays(5), Optional.empty())).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(5), 2, Duration.ofHours(1), 1.0,
                Duration.ofDays(5), Optional.empty())).hasMessageContaining("jitter");
    }
}
