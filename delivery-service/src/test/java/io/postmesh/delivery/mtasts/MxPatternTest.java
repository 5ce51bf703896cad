package io.postmesh.delivery.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8461 §4.1 MX host matching. */
class MxPatternTest {

    @ParameterizedTest(name = "{0} vs {1} → {2}")
    @CsvSource({
            "mx.example.test,        mx.example.test,          true",
            "mx.example.test,        MX.Example.TEST.,         true",
            "mx.example.test,        mx2.example.test,         false",
            "*.example.test,         mx.example.test,          true",
            "*.example.test,         MX1.EXAMPLE.TEST,         true",
            "*.example.test,         example.test,             false",
            "*.example.test,         a.b.example.test,         false",
            "*.example.test,         mx.example.test.evil.test, false",
            "*.example.test,         mxexample.test,           false",
            "*.mail.protection.test, x-y.mail.protection.test, true",
            "mx.example.test.,       mx.example.test,          true",
    })
    void matches(String pattern, String host, boolean expected) {
        assertThat(new MxPattern(pattern).matches(host)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*.", "*", "mx.*.example.test", "**.example.test", "a*.example.test"})
    void malformedPatternsAreRefused(String pattern) {
        assertThatThrownBy(() -> new MxPattern(pattern)).isInstanceOf(IllegalArgumentException.class);
    }
}
