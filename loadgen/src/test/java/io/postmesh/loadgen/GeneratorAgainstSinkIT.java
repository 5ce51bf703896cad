package io.postmesh.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.loadgen.idle.IdleRun;
import io.postmesh.loadgen.load.LoadRun;
import io.postmesh.loadgen.load.LoadSettings;
import io.postmesh.loadgen.message.SizeMix;
import io.postmesh.loadgen.report.LoadReport;
import io.postmesh.loadgen.sink.SinkReport;
import io.postmesh.loadgen.sink.SinkServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generator against the sink over real loopback sockets: every accepted message arrives once and intact,
 * the counts agree on both sides, and the sink's HTTP endpoint reports the same.
 */
class GeneratorAgainstSinkIT {
    private static Vertx vertx;
    private static SinkServer sink;

    @BeforeAll
    static void startSink() throws Exception {
        vertx = Vertx.vertx();
        sink = await(SinkServer.start(vertx, "127.0.0.1", 0, 0, "sink.bench.test", unique -> { }));
    }

    @AfterAll
    static void stop() throws Exception {
        sink.close();
        await(vertx.close());
    }

    @BeforeEach
    void resetSink() {
        sink.ledger().reset();
    }

    private static LoadSettings settings(int sessions, String sizes, long count, double rate, int perSession,
                                         int port, long maxErrors) {
        return new LoadSettings("it", "127.0.0.1", port, sessions, SizeMix.parse(sizes), count, Duration.ZERO,
                rate, "loadgen.bench.test", "sender@bench.test", "rcpt@bench.test", perSession, maxErrors,
                Duration.ofSeconds(10), "it" + System.nanoTime());
    }

    @Test
    void pipelinedSessionsDeliverEveryMessageOnceAndIntact() throws Exception {
        LoadReport report = await(LoadRun.start(vertx,
                settings(8, "2k:3,100k:1", 400, 0, 0, sink.smtpPort(), 10), 0, line -> { }));

        assertThat(report.accepted()).isEqualTo(400);
        assertThat(report.failed()).isZero();
        assertThat(report.errors()).isEmpty();
        assertThat(report.connections()).isEqualTo(8);
        assertThat(report.replyLatency().count()).isEqualTo(400);
        // The sink records a message before it answers 250, so it has all of them when the generator is done.
        SinkReport arrived = sink.ledger().report();
        assertThat(arrived.messages()).isEqualTo(400);
        assertThat(arrived.unique()).isEqualTo(400);
        assertThat(arrived.duplicates()).isZero();
        assertThat(arrived.corrupt()).isZero();
        assertThat(arrived.notBench()).isZero();
        assertThat(arrived.bytes()).isEqualTo(report.bytesAccepted());
        assertThat(arrived.latency().count()).isEqualTo(400);
    }

    @Test
    void oneMessagePerConnectionAtAFixedRate() throws Exception {
        LoadReport report = await(LoadRun.start(vertx,
                settings(4, "1k", 60, 200, 1, sink.smtpPort(), 10), 0, line -> { }));

        assertThat(report.accepted()).isEqualTo(60);
        assertThat(report.errors()).isEmpty();
        // A session that reconnects just before the last message is taken elsewhere opens one spare connection.
        assertThat(report.connections()).isBetween(60L, 64L);
        // 60 messages at 200/s are spread over at least 59/200 s.
        assertThat(report.seconds()).isGreaterThanOrEqualTo(59 / 200.0);
        assertThat(sink.ledger().report().unique()).isEqualTo(60);
        assertThat(sink.ledger().report().duplicates()).isZero();
    }

    @Test
    void aRateWithADurationEndsWithoutReconnectingAfterTheLastDueMessage() throws Exception {
        LoadSettings s = new LoadSettings("it", "127.0.0.1", sink.smtpPort(), 5, SizeMix.parse("1k"), 0,
                Duration.ofSeconds(1), 20, "loadgen.bench.test", "sender@bench.test", "rcpt@bench.test", 0, 10,
                Duration.ofSeconds(10), "rate" + System.nanoTime());
        LoadReport report = await(LoadRun.start(vertx, s, 0, line -> { }));

        assertThat(report.accepted()).isEqualTo(20);
        assertThat(report.connections()).isEqualTo(5);
        assertThat(sink.ledger().report().unique()).isEqualTo(20);
    }

    @Test
    void aDeadTargetEndsTheRunWithConnectErrorsInsteadOfSpinning() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        LoadReport report = await(LoadRun.start(vertx,
                settings(2, "1k", 100, 0, 0, closedPort, 5), 0, line -> { }));

        assertThat(report.accepted()).isZero();
        assertThat(report.errors()).containsOnlyKeys("connect: refused");
        assertThat(report.errors().values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void idleSessionsAreHeldAndCounted() throws Exception {
        long[] ready = {-1};
        IdleRun.IdleReport report = await(new IdleRun(vertx, "127.0.0.1", sink.smtpPort(), "idle.bench.test")
                .run(50, 10, Duration.ofMillis(300), n -> ready[0] = n));

        assertThat(ready[0]).isEqualTo(50);
        assertThat(report.established()).isEqualTo(50);
        assertThat(report.closedByServer()).isZero();
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void httpEndpointReportsWhatArrived() throws Exception {
        SinkServer withHttp = await(SinkServer.start(vertx, "127.0.0.1", 0, freePort(), "sink2", u -> { }));
        try {
            await(LoadRun.start(vertx, settings(2, "5k", 20, 0, 0, withHttp.smtpPort(), 10), 0, line -> { }));
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + withHttp.httpPort();
            HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(stats.body()).getLong("unique")).isEqualTo(20L);
            HttpResponse<String> reset = http.send(HttpRequest.newBuilder(URI.create(base + "/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reset.statusCode()).isEqualTo(204);
            assertThat(withHttp.ledger().report().unique()).isZero();
        } finally {
            withHttp.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
