package io.postmesh.loadgen;

import io.postmesh.loadgen.cli.Args;
import io.postmesh.loadgen.idle.IdleRun;
import io.postmesh.loadgen.load.LoadRun;
import io.postmesh.loadgen.load.LoadSettings;
import io.postmesh.loadgen.message.SizeMix;
import io.postmesh.loadgen.report.LoadReport;
import io.postmesh.loadgen.report.ScenarioResult;
import io.postmesh.loadgen.report.SideBySide;
import io.postmesh.loadgen.sink.SinkAwait;
import io.postmesh.loadgen.sink.SinkReport;
import io.postmesh.loadgen.sink.SinkServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The harness's command line: {@code send} (load), {@code idle} (idle sessions), {@code sink} (checking SMTP
 * sink) and {@code compare} (two systems side by side). Every address must be loopback: the harness never
 * sends mail off the machine.
 */
public final class Main {
    private static final String USAGE = """
            usage: java -cp 'loadgen/target/loadgen.jar:loadgen/target/lib/*' io.postmesh.loadgen.Main COMMAND ...
              send     --port 2525 [--host 127.0.0.1] [--sessions 10] [--size 5k|5k:9,100k:1]
                       (--count N | --duration 20s) [--rate MSGS_PER_S] [--messages-per-session N]
                       [--from sender@bench.test] [--rcpt rcpt@bench.test] [--helo loadgen.bench.test]
                       [--label NAME] [--out result.json] [--progress 5s] [--max-errors 1000] [--reply-timeout 60s]
              idle     --port 2525 [--host 127.0.0.1] [--sessions 10000] [--connect-concurrency 200]
                       [--hold 60s] [--ready-file PATH] [--out result.json]
              sink     [--host 127.0.0.1] [--port 2526] [--http-port 8026 (0: none)] [--hostname sink.bench.test]
                       [--expect N] [--out result.json]
              await    --sink http://127.0.0.1:8026 (--count N | --load-json result.json) [--quiet-for 30s]
                       [--out sink.json]   waits until the sink has N distinct messages or nothing new arrives
              compare  --first postmesh --second postfix --dir RESULTS
                       (files SYSTEM--SCENARIO.load.json and, end to end, SYSTEM--SCENARIO.sink.json)
            """;

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        String[] rest = java.util.Arrays.copyOfRange(argv, 1, argv.length);
        int code;
        try {
            code = switch (argv[0]) {
                case "send" -> send(rest);
                case "idle" -> idle(rest);
                case "sink" -> sink(rest);
                case "await" -> await(rest);
                case "compare" -> compare(rest);
                default -> throw new IllegalArgumentException("unknown command " + argv[0]);
            };
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.print(USAGE);
            code = 2;
        }
        if (code >= 0) {
            System.exit(code);
        }
    }

    private static int send(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("host", "port", "sessions", "size", "count", "duration", "rate",
                "messages-per-session", "from", "rcpt", "helo", "label", "out", "progress", "max-errors",
                "reply-timeout"));
        String host = loopback(a.string("host", "127.0.0.1"));
        String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        LoadSettings settings = new LoadSettings(a.string("label", "run-" + runId), host,
                a.integer("port", 2525), a.integer("sessions", 10), SizeMix.parse(a.string("size", "5k")),
                a.longValue("count", 0), a.duration("duration", Duration.ZERO), a.decimal("rate", 0),
                a.string("helo", "loadgen.bench.test"), a.string("from", "sender@bench.test"),
                a.string("rcpt", "rcpt@bench.test"), a.integer("messages-per-session", 0),
                a.longValue("max-errors", 1000), a.duration("reply-timeout", Duration.ofSeconds(60)), runId);
        if (settings.count() <= 0 && settings.duration().isZero()) {
            throw new IllegalArgumentException("give --count or --duration");
        }
        Vertx vertx = Vertx.vertx();
        try {
            long progress = a.duration("progress", Duration.ZERO).toMillis();
            LoadReport report = LoadRun.start(vertx, settings, progress, System.err::println)
                    .toCompletionStage().toCompletableFuture().get();
            System.out.print(report.table());
            writeJson(a.string("out", null), report.toJson());
            return report.accepted() > 0 ? 0 : 1;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static int idle(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("host", "port", "sessions", "connect-concurrency", "hold", "ready-file",
                "out", "helo"));
        String host = loopback(a.string("host", "127.0.0.1"));
        String readyFile = a.string("ready-file", null);
        Vertx vertx = Vertx.vertx();
        try {
            IdleRun.IdleReport report = new IdleRun(vertx, host, a.integer("port", 2525),
                    a.string("helo", "loadgen.bench.test"))
                    .run(a.integer("sessions", 10_000), a.integer("connect-concurrency", 200),
                            a.duration("hold", Duration.ofSeconds(60)), established -> {
                                System.err.println("idle: " + established + " sessions established, holding");
                                if (readyFile != null) {
                                    vertx.executeBlocking(() -> Files.writeString(Path.of(readyFile),
                                            established + "\n"));
                                }
                            })
                    .toCompletionStage().toCompletableFuture().get();
            System.out.println(report.toJson().encodePrettily());
            writeJson(a.string("out", null), report.toJson());
            return report.established() == report.requested() ? 0 : 1;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static int sink(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("host", "port", "http-port", "hostname", "expect", "out"));
        String host = loopback(a.string("host", "127.0.0.1"));
        String out = a.string("out", null);
        long expect = a.longValue("expect", 0);
        AtomicBoolean reported = new AtomicBoolean();
        Vertx vertx = Vertx.vertx();
        SinkServer[] holder = new SinkServer[1];
        SinkServer sink = SinkServer.start(vertx, host, a.integer("port", 2526), a.integer("http-port", 8026),
                a.string("hostname", "sink.bench.test"), unique -> {
                    if (expect > 0 && unique >= expect && reported.compareAndSet(false, true)) {
                        vertx.executeBlocking(() -> {
                            report(holder[0].ledger().report(), out);
                            return null;
                        });
                    }
                }).toCompletionStage().toCompletableFuture().get();
        holder[0] = sink;
        System.err.println("sink: SMTP on " + host + ":" + sink.smtpPort()
                + (sink.httpPort() > 0 ? ", stats on http://" + host + ":" + sink.httpPort() + "/stats" : ""));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            report(sink.ledger().report(), out);
            stopped.countDown();
        }));
        stopped.await();
        return -1;
    }

    private static void report(SinkReport report, String out) {
        System.out.print(report.table());
        try {
            writeJson(out, report.toJson());
        } catch (IOException e) {
            System.err.println("sink: cannot write " + out + ": " + e.getMessage());
        }
    }

    private static int await(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("sink", "count", "load-json", "quiet-for", "out"));
        String base = a.string("sink", "http://127.0.0.1:8026");
        loopback(URI.create(base).getHost());
        long expected = a.longValue("count", -1);
        String runId = null;
        if (a.has("load-json")) {
            LoadReport load = LoadReport.fromJson(new JsonObject(Files.readString(Path.of(a.string("load-json", "")))));
            expected = load.accepted();
            runId = load.runId().isEmpty() ? null : load.runId();
        }
        if (expected < 0) {
            throw new IllegalArgumentException("give --count or --load-json");
        }
        SinkReport report = new SinkAwait(base).await(runId, expected, a.duration("quiet-for", Duration.ofSeconds(30)),
                Duration.ofMillis(200));
        System.out.print(report.table());
        long arrived = runId == null ? report.unique() : report.uniqueOfRun(runId);
        writeJson(a.string("out", null), report.toJson().put("expected", expected).put("arrivedOfRun", arrived));
        if (arrived < expected) {
            System.err.println("loadgen: the sink has " + arrived + " of " + expected + " messages");
            return 1;
        }
        return 0;
    }

    private static int compare(String[] argv) throws IOException {
        Args a = Args.parse(argv, Set.of("first", "second", "dir"));
        String first = a.string("first", "postmesh");
        String second = a.string("second", "postfix");
        Path dir = Path.of(a.string("dir", "."));
        List<ScenarioResult> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".load.json") || !name.contains("--")) {
                    continue;
                }
                String base = name.substring(0, name.length() - ".load.json".length());
                String system = base.substring(0, base.indexOf("--"));
                String scenario = base.substring(base.indexOf("--") + 2);
                LoadReport load = LoadReport.fromJson(new JsonObject(Files.readString(f)));
                Path sinkFile = dir.resolve(base + ".sink.json");
                SinkReport sink = Files.exists(sinkFile)
                        ? SinkReport.fromJson(new JsonObject(Files.readString(sinkFile))) : null;
                results.add(new ScenarioResult(system, scenario, load, sink));
            }
        }
        System.out.print(SideBySide.render(first, second, results));
        return 0;
    }

    private static void writeJson(String out, JsonObject json) throws IOException {
        if (out != null) {
            Files.writeString(Path.of(out), json.encodePrettily() + "\n");
        }
    }

    /** Only loopback targets: the harness must never put load on another host (or resolve a real name). */
    static String loopback(String host) {
        if (host.startsWith("127.") || host.equals("::1") || host.equals("localhost")) {
            return host;
        }
        throw new IllegalArgumentException("refusing non-loopback host " + host);
    }
}
