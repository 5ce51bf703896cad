package io.postmesh.loadgen.load;

import io.postmesh.loadgen.message.BenchMessageFactory;
import io.postmesh.loadgen.report.LoadReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One load run: starts the sessions, watches for overdue replies, stops on count, deadline or too many errors,
 * and completes with the report once every session has said QUIT.
 */
public final class LoadRun {
    private final Vertx vertx;
    private final LoadSettings settings;
    private final LoadStats stats = new LoadStats();
    private final MessageOutcomes outcomes;
    private final Map<Integer, Buffer> fillers = new ConcurrentHashMap<>();
    private final List<LoadSession> sessions = new ArrayList<>();
    private Pacer pacer;
    private volatile boolean aborted;

    private LoadRun(Vertx vertx, LoadSettings settings, MessageOutcomes outcomes) {
        this.vertx = vertx;
        this.settings = settings;
        this.outcomes = outcomes;
    }

    /**
     * Runs the load; {@code progress} receives a one-line status every {@code progressMillis} (0 for none).
     */
    public static Future<LoadReport> start(Vertx vertx, LoadSettings settings, long progressMillis,
                                           Consumer<String> progress) {
        return start(vertx, settings, progressMillis, progress, MessageOutcomes.NONE);
    }

    /** As {@link #start(Vertx, LoadSettings, long, Consumer)}, telling {@code outcomes} the fate of every message. */
    public static Future<LoadReport> start(Vertx vertx, LoadSettings settings, long progressMillis,
                                           Consumer<String> progress, MessageOutcomes outcomes) {
        return new LoadRun(vertx, settings, outcomes).run(progressMillis, progress);
    }

    private Future<LoadReport> run(long progressMillis, Consumer<String> progress) {
        NetClient client = vertx.createNetClient(new NetClientOptions()
                .setTcpNoDelay(true)
                .setConnectTimeout(10_000));
        BenchMessageFactory factory = new BenchMessageFactory(settings.from(), settings.rcpt());
        settings.sizes().sizes().forEach(factory::filler);
        long start = System.nanoTime();
        pacer = new Pacer(start, settings.count(), settings.duration().toNanos(), settings.rate());
        List<Future<Void>> done = new ArrayList<>();
        for (int i = 0; i < settings.sessions(); i++) {
            LoadSession session = new LoadSession(vertx, client, settings, this, factory);
            sessions.add(session);
            done.add(session.done().future());
            // Each session starts on a context of its own (round robin over the event loops) and connects from
            // inside it: a connect completed from outside a context is reported by a task queued behind the
            // socket's first read, and Vert.x drops data that arrives before the socket has a handler.
            vertx.getOrCreateContext().runOnContext(v -> session.connect());
        }
        long timeoutNanos = settings.replyTimeout().toNanos();
        long watchdog = vertx.setPeriodic(1000, t -> {
            long now = System.nanoTime();
            sessions.forEach(s -> s.checkTimeout(now, timeoutNanos));
        });
        long[] lastAccepted = {0};
        long[] lastTick = {start};
        long ticker = progressMillis <= 0 ? -1 : vertx.setPeriodic(progressMillis, t -> {
            long now = System.nanoTime();
            long accepted = stats.accepted();
            double rate = (accepted - lastAccepted[0]) / ((now - lastTick[0]) / 1e9);
            progress.accept(String.format("%6.1f s  accepted %d  (%.0f/s)  errors %d",
                    (now - start) / 1e9, accepted, rate, stats.errorCount()));
            lastAccepted[0] = accepted;
            lastTick[0] = now;
        });
        return Future.join(done).transform(ar -> {
            vertx.cancelTimer(watchdog);
            if (ticker >= 0) {
                vertx.cancelTimer(ticker);
            }
            LoadReport report = stats.report(settings.label(), settings.runId(), settings.target(), settings.sessions(),
                    settings.sizes().toString(), start, System.nanoTime());
            return client.close().transform(x -> Future.succeededFuture(report));
        });
    }

    Pacer pacer() {
        return pacer;
    }

    LoadStats stats() {
        return stats;
    }

    MessageOutcomes outcomes() {
        return outcomes;
    }

    boolean stopping() {
        return aborted;
    }

    /** Stops the run once errors pass the limit: a refusing or dead target ends the run instead of spinning. */
    void checkErrors() {
        if (settings.maxErrors() > 0 && stats.errorCount() >= settings.maxErrors()) {
            aborted = true;
        }
    }

    public boolean aborted() {
        return aborted;
    }

    /** The shared filler of a size followed by the end-of-data line, one buffer per size for all sessions. */
    Buffer fillerWithEnd(int size, byte[] filler) {
        return fillers.computeIfAbsent(size, s -> Buffer.buffer(filler.length + 3)
                .appendBytes(filler).appendString(".\r\n"));
    }
}
