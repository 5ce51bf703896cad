package io.postmesh.delivery.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ServerCapabilitiesTest {

    @Test
    void readsKeywordsAndSize() {
        ServerCapabilities caps = ServerCapabilities.fromEhlo(List.of(
                "250-mx.test Hello", "250-pipelining", "250-SIZE 10240000", "250-8BITMIME", "250 DSN"));
        assertThat(caps.esmtp()).isTrue();
        assertThat(caps.pipelining()).isTrue();
        assertThat(caps.size()).isTrue();
        assertThat(caps.sizeLimit()).isEqualTo(OptionalLong.of(10240000));
        assertThat(caps.supports("8bitmime")).isTrue();
        assertThat(caps.supports("DSN")).isTrue();
        assertThat(caps.supports("STARTTLS")).isFalse();
    }

    @Test
    void sizeWithoutLimit() {
        ServerCapabilities caps = ServerCapabilities.fromEhlo(List.of("250-mx.test", "250 SIZE"));
        assertThat(caps.size()).isTrue();
        assertThat(caps.sizeLimit()).isEmpty();
    }

    @Test
    void firstLineIsTheGreetingNotAKeyword() {
        ServerCapabilities caps = ServerCapabilities.fromEhlo(List.of("250 PIPELINING"));
        assertThat(caps.pipelining()).isFalse();
    }

    @Test
    void heloOnlyServerHasNothing() {
        assertThat(ServerCapabilities.none().esmtp()).isFalse();
        assertThat(ServerCapabilities.none().pipelining()).isFalse();
        assertThat(ServerCapabilities.none().size()).isFalse();
    }
}
