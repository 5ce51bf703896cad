package io.postmesh.ingress.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantRatesTest {

    @ParameterizedTest
    @CsvSource({
            "3/min, 3, PT1M",
            "100/s, 100, PT1S",
            "10000 / h, 10000, PT1H",
            "5/day, 5, PT24H",
            "7/MIN, 7, PT1M",
    })
    void ratesParse(String spec, long messages, String period) {
        RateSpec rate = RateSpec.parse(spec);
        assertThat(rate.messages()).isEqualTo(messages);
        assertThat(rate.period()).isEqualTo(Duration.parse(period));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unlimited", "", "  ", "UNLIMITED"})
    void unlimitedIsNoRate(String spec) {
        assertThat(RateSpec.parse(spec)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "3/week", "/min", "-1/min", "0/min", "three/min", "3/min/s"})
    void badRatesAreRefusedAtStart(String spec) {
        assertThatThrownBy(() -> RateSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            // tenant, default rate ('' = none), expected ('' = unlimited)
            "acme, '', 3/PT1M",
            "acme.example, '', 50/PT1H",
            "free, '', ''",
            "free, 10/min, 10/PT1M",
            "acme, 10/min, 3/PT1M",
            "vip, 10/min, ''",
            "default, 10/min, 10/PT1M",
    })
    void tenantRateOrDefault(String tenant, String defaultRate, String expected) {
        TenantRates rates = new TenantRates(Map.of("acme", "3/min", "\"acme.example\"", "50/h", "vip", "unlimited"),
                defaultRate.isEmpty() ? Optional.empty() : Optional.of(defaultRate));
        assertThat(rates.forTenant(tenant).map(RateSpec::toString).orElse("")).isEqualTo(expected);
        assertThat(rates.limited(tenant)).isEqualTo(!expected.isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 1", "999, 1", "1000, 1", "1001, 2", "20000, 20"})
    void retryAfterIsWholeSecondsAtLeastOne(long millis, long seconds) {
        assertThat(new RateDecision(0, Duration.ofMillis(millis)).retryAfterSeconds()).isEqualTo(seconds);
    }
}
