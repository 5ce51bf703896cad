package io.postmesh.loadgen.idle;

import io.postmesh.loadgen.smtp.ConnectFailure;
import io.postmesh.loadgen.smtp.ReplyParser;
import io.postmesh.loadgen.smtp.SmtpReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Idle sessions: opens N connections (at most {@code connectConcurrency} handshakes at a time, so the target's
 * accept queue is not the thing measured), reads the banner, says EHLO, and then holds them silent for a while,
 * counting the ones the server closes. This is how a server's cost per idle session (heap, file descriptors) is
 * measured.
 */
public final class IdleRun {

    /** The outcome: how many sessions reached EHLO, how many failed and why, how many the server dropped. */
    public record IdleReport(String target, int requested, long established, long closedByServer,
                             double secondsToEstablish, double heldSeconds, Map<String, Long> failures) {
        public JsonObject toJson() {
            JsonObject f = new JsonObject();
            new TreeMap<>(failures).forEach(f::put);
            return new JsonObject().put("kind", "idle").put("target", target).put("requested", requested)
                    .put("established", established).put("closedByServer", closedByServer)
                    .put("secondsToEstablish", secondsToEstablish).put("heldSeconds", heldSeconds)
                    .put("failures", f);
        }
    }

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final String helo;
    private final AtomicLong established = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private final Map<String, Long> failures = new ConcurrentHashMap<>();
    private final List<NetSocket> open = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean releasing;

    public IdleRun(Vertx vertx, String host, int port, String helo) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.helo = helo;
    }

    /**
     * Opens {@code sessions}, calls {@code ready} with the number established, holds them for {@code hold},
     * then QUITs them all.
     */
    public Future<IdleReport> run(int sessions, int connectConcurrency, Duration hold, Consumer<Long> ready) {
        NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(30_000));
        long start = System.nanoTime();
        AtomicInteger nextIndex = new AtomicInteger();
        List<Future<Void>> handshakes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(connectConcurrency, sessions); lane++) {
            Promise<Void> laneDone = Promise.promise();
            handshakes.add(laneDone.future());
            // From inside a context, so the socket has its handler before the banner can arrive (see LoadRun).
            vertx.getOrCreateContext().runOnContext(v -> openNext(client, sessions, nextIndex, laneDone));
        }
        Promise<IdleReport> result = Promise.promise();
        Future.join(handshakes).onComplete(x -> {
            double toEstablish = (System.nanoTime() - start) / 1e9;
            ready.accept(established.get());
            long holdStart = System.nanoTime();
            vertx.setTimer(Math.max(1, hold.toMillis()), t -> {
                releasing = true;
                double held = (System.nanoTime() - holdStart) / 1e9;
                List<NetSocket> sockets;
                synchronized (open) {
                    sockets = new ArrayList<>(open);
                }
                sockets.forEach(s -> s.write("QUIT\r\n").onComplete(w -> s.close()));
                client.close().onComplete(c -> result.complete(new IdleReport(host + ":" + port, sessions,
                        established.get(), closedByServer.get(), round(toEstablish), round(held),
                        new TreeMap<>(failures))));
            });
        });
        return result.future();
    }

    private void openNext(NetClient client, int sessions, AtomicInteger nextIndex, Promise<Void> laneDone) {
        if (nextIndex.getAndIncrement() >= sessions) {
            laneDone.tryComplete();
            return;
        }
        handshake(client).onComplete(ar -> {
            if (ar.failed()) {
                failures.merge(ar.cause().getMessage() == null ? ar.cause().getClass().getSimpleName()
                        : ar.cause().getMessage(), 1L, Long::sum);
            } else {
                established.incrementAndGet();
            }
            // From inside a context, so the socket has its handler before the banner can arrive (see LoadRun).
            vertx.getOrCreateContext().runOnContext(v -> openNext(client, sessions, nextIndex, laneDone));
        });
    }

    private Future<Void> handshake(NetClient client) {
        Promise<Void> promise = Promise.promise();
        client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                promise.fail(ConnectFailure.describe(ar.cause()));
                return;
            }
            NetSocket socket = ar.result();
            ReplyParser parser = new ReplyParser();
            int[] replies = {0};
            socket.handler(RecordParser.newDelimited("\r\n", line -> {
                SmtpReply reply;
                try {
                    var complete = parser.line(line.toString(StandardCharsets.ISO_8859_1));
                    if (complete.isEmpty()) {
                        return;
                    }
                    reply = complete.get();
                } catch (IllegalArgumentException e) {
                    promise.tryFail("protocol: not a reply line");
                    socket.close();
                    return;
                }
                replies[0]++;
                if (replies[0] == 1 && reply.is(220)) {
                    socket.write(Buffer.buffer("EHLO " + helo + "\r\n"));
                } else if (replies[0] == 2 && reply.is(250)) {
                    open.add(socket);
                    promise.tryComplete();
                } else if (!promise.future().isComplete()) {
                    promise.tryFail((replies[0] == 1 ? "banner " : "EHLO ") + reply.errorKey());
                    socket.close();
                }
            }));
            socket.closeHandler(v -> {
                if (!promise.future().isComplete()) {
                    promise.tryFail("closed during handshake");
                } else if (!releasing) {
                    closedByServer.incrementAndGet();
                    open.remove(socket);
                }
            });
        });
        return promise.future();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
