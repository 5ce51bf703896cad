package io.postmesh.bounce.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.bounce.suppression.SuppressionPolicy.Decision;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SuppressionPolicyTest {

    /** The defaults of {@link SuppressionConfig}, with the optional TTLs settable. */
    record Config(int softThreshold, Duration softWindow, Duration softTtl, Optional<Duration> hardTtl,
                  Optional<Duration> complaintTtl) implements SuppressionConfig {
        static Config defaults() {
            return new Config(5, Duration.ofDays(7), Duration.ofDays(30), Optional.empty(), Optional.empty());
        }
    }

    static final SuppressionPolicy DEFAULTS = new SuppressionPolicy(Config.defaults());

    static Stream<Arguments> softBounces() {
        return Stream.of(
                Arguments.of(1L, false),
                Arguments.of(4L, false),
                Arguments.of(5L, true),
                Arguments.of(9L, true));
    }

    @ParameterizedTest(name = "{0} soft bounce(s) in the window -> suppress={1}")
    @MethodSource
    void softBounces(long count, boolean suppress) {
        Decision d = DEFAULTS.softBounce(count, "552 5.2.2 mailbox full");
        assertThat(d.suppress()).isEqualTo(suppress);
        if (suppress) {
            assertThat(d.ttl()).contains(Duration.ofDays(30));
            assertThat(d.reason()).isEqualTo("soft bounces: " + count + " within PT168H, last: 552 5.2.2 mailbox full");
        }
    }

    @Test
    void hardBounceSuppressesWithoutExpiryByDefault() {
        assertThat(DEFAULTS.hardBounce("550 5.1.1 <bob@example.test>: user unknown"))
                .isEqualTo(new Decision(true, "hard bounce: 550 5.1.1 <bob@example.test>: user unknown",
                        Optional.empty()));
    }

    @Test
    void configuredTtlsApply() {
        SuppressionPolicy policy = new SuppressionPolicy(new Config(2, Duration.ofDays(1), Duration.ofDays(3),
                Optional.of(Duration.ofDays(365)), Optional.of(Duration.ofDays(90))));
        assertThat(policy.hardBounce("550").ttl()).contains(Duration.ofDays(365));
        assertThat(policy.complaint("abuse", "yahoo.test").ttl()).contains(Duration.ofDays(90));
        assertThat(policy.softBounce(2, "552").ttl()).contains(Duration.ofDays(3));
    }

    @Test
    void complaintReasonNamesTypeAndReporter() {
        assertThat(DEFAULTS.complaint("abuse", "feedback.yahoo.test"))
                .isEqualTo(new Decision(true, "complaint (abuse) from feedback.yahoo.test", Optional.empty()));
    }

    static Stream<Arguments> cleaning() {
        return Stream.of(
                Arguments.of(null, "unknown"),
                Arguments.of("  ", "unknown"),
                Arguments.of("550 5.1.1\r\nInjected: header", "550 5.1.1 Injected: header"),
                Arguments.of("550 B\u00f6se", "550 B se"),
                Arguments.of("x".repeat(250), "x".repeat(200) + "..."));
    }

    @ParameterizedTest
    @MethodSource
    void cleaning(String text, String expected) {
        assertThat(SuppressionPolicy.clean(text)).isEqualTo(expected);
    }
}
