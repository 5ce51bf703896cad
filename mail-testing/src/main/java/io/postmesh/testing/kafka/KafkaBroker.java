package io.postmesh.testing.kafka;

import io.postmesh.testing.BuildInfo;
import io.postmesh.testing.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node KRaft Kafka broker, run as a child process from the {@code kafka-broker} module's jars
 * ({@code io.postmesh.broker.LocalKafka}), on free loopback ports, with the pipeline's topics created.
 * No Docker: the same broker that {@code ./postmesh up} runs.
 */
public final class KafkaBroker implements AutoCloseable {
    private static KafkaBroker shared;

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** One broker per test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = start();
            KafkaBroker broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-shared-kafka"));
        }
        return shared;
    }

    /** A private broker, e.g. for a test that stops it. The caller closes it. */
    public static KafkaBroker start() {
        try {
            KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("postmesh-kafka-"), Ports.freePort(),
                    Ports.freePort());
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line that runs the broker; also what {@code ./postmesh up} runs. */
    public static List<String> command(Path root, int port, int controllerPort, Path dir) {
        String cp = root.resolve("kafka-broker/target/lib").toAbsolutePath() + "/*"
                + java.io.File.pathSeparator + root.resolve("kafka-broker/target/classes").toAbsolutePath();
        return List.of(BuildInfo.java(), "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", cp, "io.postmesh.broker.LocalKafka", "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controllerPort), "--dir", dir.toAbsolutePath().toString());
    }

    private void launch() throws IOException {
        Path root = BuildInfo.root();
        if (!Files.isDirectory(root.resolve("kafka-broker/target/lib"))) {
            throw new IllegalStateException("kafka-broker/target/lib is missing: build the kafka-broker module first");
        }
        process = new ProcessBuilder(command(root, port, controllerPort, dir))
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Path log = dir.resolve("broker.log");
        Thread pump = new Thread(() -> pump(ready, log), "kafka-broker-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            String tail = tail(log);
            throw new IllegalStateException("Kafka broker did not become ready: " + e + "\n" + tail, e);
        }
    }

    /** Copies the broker's output to a log file and completes {@code ready} on the readiness line. */
    private void pump(CompletableFuture<Void> ready, Path log) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.startsWith("POSTMESH-KAFKA-READY")) {
                    ready.complete(null);
                } else if (line.startsWith("POSTMESH-KAFKA-FAILED")) {
                    ready.completeExceptionally(new IllegalStateException(line));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException("broker process exited"));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no broker log)";
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the broker process (SIGTERM, then SIGKILL); its data stays so {@link #restart()} can resume. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the broker again on the same ports with the same data. */
    public synchronized void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir; best effort
        }
    }
}
