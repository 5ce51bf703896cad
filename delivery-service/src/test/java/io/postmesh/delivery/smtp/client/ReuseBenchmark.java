package io.postmesh.delivery.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.tls.TlsLevel;
import io.postmesh.delivery.tls.TlsPolicy;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.testing.Ports;
import io.postmesh.testing.smtp.SmtpPeer;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Messages per second to a loopback sink with and without connection reuse. Not a timed assertion: it prints
 * the figures (run with {@code -Dbenchmark=true -Dtest=ReuseBenchmark}) and checks only that all arrived.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ReuseBenchmark {
    private static final int MESSAGES = 2000;
    private static final int CONCURRENCY = 8;

    @Test
    void messagesPerSecondWithAndWithoutReuse() throws Exception {
        run("warm-up", 100, 500);
        double with = run("with reuse", 100, MESSAGES);
        double without = run("without reuse", 1, MESSAGES);
        System.out.printf("BENCHMARK %d messages, %d in flight: with reuse %.0f msg/s, without reuse %.0f msg/s%n",
                MESSAGES, CONCURRENCY, with, without);
    }

    private static double run(String label, int maxMessagesPerConnection, int count) throws Exception {
        int port = Ports.freePort("127.0.0.61");
        byte[] message = ("Subject: bench\r\n\r\n" + "x".repeat(2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (SmtpPeer sink = SmtpPeer.start("127.0.0.61", port);
             ClientHarness client = new ClientHarness(port, Duration.ofSeconds(30), CONCURRENCY,
                     maxMessagesPerConnection, 100, false)) {
            Destination destination = new Destination(List.of(ClientHarness.host("sink.test", "127.0.0.61")), port,
                    new TlsPolicy(TlsLevel.NONE, "bench"), ClientHarness.EGRESS, null);
            long start = System.nanoTime();
            List<Future<Attempt>> inFlight = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                inFlight.add(client.delivery.deliver(destination, ClientHarness.job(),
                        List.of(Recipient.of("r" + i + "@d.test")), message));
                if (inFlight.size() == CONCURRENCY) {
                    await(inFlight);
                }
            }
            await(inFlight);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(sink.messages()).hasSize(count);
            System.out.printf("BENCHMARK %s: %d messages in %.2fs = %.0f msg/s over %d connections%n", label, count,
                    seconds, count / seconds, sink.connections());
            return count / seconds;
        }
    }

    private static void await(List<Future<Attempt>> inFlight) throws Exception {
        for (Future<Attempt> f : inFlight) {
            Attempt a = f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(a.outcomes()).allMatch(o -> o.result() == Result.SUCCESS);
        }
        inFlight.clear();
    }
}
