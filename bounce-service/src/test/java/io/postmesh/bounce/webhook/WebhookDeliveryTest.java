package io.postmesh.bounce.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.bounce.webhook.WebhookSender.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookDeliveryTest {
    static final URI URL = URI.create("http://127.0.0.1:1/hook");
    static final byte[] BODY = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    static Stream<Arguments> cases() {
        Response ok = Response.of(200);
        Response accepted = Response.of(202);
        Response err = Response.of(500);
        Response redirect = Response.of(302);
        Response refused = Response.failed("ConnectException");
        return Stream.of(
                Arguments.of("2xx at once", List.of(ok), true, 1, null, List.of()),
                Arguments.of("202 counts as success", List.of(accepted), true, 1, null, List.of()),
                Arguments.of("500, 500, 200", List.of(err, err, ok), true, 3, null, List.of(1, 2)),
                Arguments.of("connection refused then ok", List.of(refused, ok), true, 2, null, List.of(1)),
                Arguments.of("always 500: gives up after 4", List.of(err, err, err, err), false, 4, "HTTP 500", List.of(1, 2, 4)),
                Arguments.of("redirect is a failure", List.of(redirect, redirect, redirect, redirect), false, 4, "HTTP 302", List.of(1, 2, 4)),
                Arguments.of("last error is the last one", List.of(err, err, err, refused), false, 4, "ConnectException", List.of(1, 2, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void retriesWithBackoff(String name, List<Response> responses, boolean delivered, int attempts, String lastError,
                            List<Integer> sleptSeconds) throws Exception {
        Deque<Response> script = new ArrayDeque<>(responses);
        List<String> signatures = new ArrayList<>();
        List<Duration> slept = new ArrayList<>();
        WebhookSender sender = (url, body, signature) -> {
            assertThat(url).isEqualTo(URL);
            assertThat(body).isEqualTo(BODY);
            signatures.add(signature);
            return script.removeFirst();
        };
        WebhookDelivery delivery = new WebhookDelivery(sender,
                new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(5), 4),
                Clock.fixed(NOW, ZoneOffset.UTC), slept::add);

        WebhookDelivery.Outcome outcome = delivery.deliver(URL, "sec", BODY);

        assertThat(outcome).isEqualTo(new WebhookDelivery.Outcome(delivered, attempts, lastError));
        assertThat(slept).containsExactlyElementsOf(sleptSeconds.stream().map(s -> Duration.ofSeconds(s)).toList());
        assertThat(signatures).hasSize(attempts)
                .allSatisfy(s -> assertThat(WebhookSigner.verify("sec", s, BODY, NOW, Duration.ofSeconds(1))).isTrue());
        assertThat(script).isEmpty();
    }
}
