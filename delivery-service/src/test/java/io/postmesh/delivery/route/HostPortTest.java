package io.postmesh.delivery.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "relay.test:587        | relay.test  | 587 | false",
        "relay.test            | relay.test  | 25  | false",
        "[relay.test]:2525     | relay.test  | 2525| false",
        "127.0.0.5:26          | 127.0.0.5   | 26  | true",
        "[2001:db8::1]:25      | 2001:db8::1 | 25  | true",
        "2001:db8::1           | 2001:db8::1 | 25  | true",
    })
    void parses(String value, String host, int port, boolean literal) {
        HostPort parsed = HostPort.parse(value);
        assertThat(parsed).isEqualTo(new HostPort(host, port));
        assertThat(parsed.literal()).isEqualTo(literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "relay.test:x", "[relay.test", "relay.test:0", "[relay.test]x", ":25"})
    void rejects(String value) {
        assertThatThrownBy(() -> HostPort.parse(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
