package io.postmesh.loadgen.sink;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The sink's Vert.x adapter: an SMTP listener feeding {@link SinkSession}s and the {@link SinkLedger}, and an
 * optional HTTP endpoint: {@code GET /stats} (JSON), {@code GET /stats.txt} (table), {@code POST /reset}.
 * {@code onUnique} is told the unique count after every arrival (e.g. to write the report after N messages).
 */
public final class SinkServer implements AutoCloseable {
    private final Vertx vertx;
    private final SinkLedger ledger = new SinkLedger();
    private final String hostname;
    private final Consumer<Long> onUnique;
    private NetServer smtp;
    private HttpServer http;

    private SinkServer(Vertx vertx, String hostname, Consumer<Long> onUnique) {
        this.vertx = vertx;
        this.hostname = hostname;
        this.onUnique = onUnique;
    }

    /** Starts listening; {@code httpPort} 0 means no HTTP endpoint, {@code smtpPort} 0 picks a free port. */
    public static Future<SinkServer> start(Vertx vertx, String host, int smtpPort, int httpPort, String hostname,
                                           Consumer<Long> onUnique) {
        SinkServer sink = new SinkServer(vertx, hostname, onUnique);
        return sink.listen(host, smtpPort, httpPort).map(sink);
    }

    private Future<Void> listen(String host, int smtpPort, int httpPort) {
        smtp = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(smtpPort).setTcpNoDelay(true)
                .setAcceptBacklog(4096));
        smtp.connectHandler(this::session);
        Future<?> smtpUp = smtp.listen();
        if (httpPort <= 0) {
            return smtpUp.mapEmpty();
        }
        http = vertx.createHttpServer();
        http.requestHandler(req -> {
            if (req.method() == HttpMethod.GET && req.path().equals("/stats")) {
                req.response().putHeader("content-type", "application/json")
                        .end(ledger.report().toJson().encodePrettily());
            } else if (req.method() == HttpMethod.GET && req.path().equals("/stats.txt")) {
                req.response().putHeader("content-type", "text/plain").end(ledger.report().table());
            } else if (req.method() == HttpMethod.POST && req.path().equals("/reset")) {
                ledger.reset();
                req.response().setStatusCode(204).end();
            } else {
                req.response().setStatusCode(404).end("GET /stats, GET /stats.txt or POST /reset\n");
            }
        });
        return Future.all(smtpUp, http.listen(httpPort, host)).mapEmpty();
    }

    private void session(NetSocket socket) {
        SinkSession session = new SinkSession(hostname, arrival -> {
            long number = ledger.record(arrival.message(), arrival.recipients(), epochMicros());
            onUnique.accept(ledger.unique());
            return number;
        });
        socket.write(session.greeting());
        socket.handler(chunk -> {
            SinkSession.Step step = session.feed(chunk.getBytes());
            if (step.reply() != null) {
                socket.write(Buffer.buffer(step.reply()));
            }
            if (step.close()) {
                socket.end();
            }
        });
        socket.exceptionHandler(e -> socket.close());
    }

    public SinkLedger ledger() {
        return ledger;
    }

    public int smtpPort() {
        return smtp.actualPort();
    }

    public int httpPort() {
        return http == null ? 0 : http.actualPort();
    }

    @Override
    public void close() {
        smtp.close();
        if (http != null) {
            http.close();
        }
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
