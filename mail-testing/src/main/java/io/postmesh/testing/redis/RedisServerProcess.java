package io.postmesh.testing.redis;

import io.postmesh.testing.Ports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Redis server run as a child process on 127.0.0.1, without persistence, for tests and for
 * the local launcher. Readiness is the server's own "Ready to accept connections" log line,
 * confirmed by a PING.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final String READY = "Ready to accept connections";
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final int START_ATTEMPTS = 5;
    private static final int LOG_LINES_KEPT = 40;

    private volatile Process process;
    private final int port;
    private final Path dir;
    private final boolean shared;
    private final boolean persistent;
    private final Thread shutdownHook;

    private RedisServerProcess(Process process, int port, Path dir, boolean shared, boolean persistent) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.shared = shared;
        this.persistent = persistent;
        this.shutdownHook = new Thread(this::terminate, "redis-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The JVM-wide instance, started on first use and stopped by a shutdown hook. Its
     * {@link #stop()} and {@link #close()} do nothing, so one test cannot stop it under another.
     */
    public static RedisServerProcess shared() {
        return Shared.INSTANCE;
    }

    /** A private instance on a free port; the caller stops it. */
    public static RedisServerProcess start() {
        return start(binary(), false);
    }

    /** Starts {@code binary}; package-private so tests can force the embedded build. */
    static RedisServerProcess start(Path binary, boolean shared) {
        return start(binary, shared, false);
    }

    /**
     * A private instance with an append-only file (as {@code ./postmesh up} runs it), for fault tests that
     * {@link #kill()} and {@link #restart()} it: what was written survives the crash.
     */
    public static RedisServerProcess startPersistent() {
        return start(binary(), false, true);
    }

    private static RedisServerProcess start(Path binary, boolean shared, boolean persistent) {
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return launch(binary, Ports.freePort(HOST), shared, persistent);
            } catch (IllegalStateException e) {
                // Usually the free port was taken in between: try another one.
                failure = e;
            }
        }
        throw failure;
    }

    /** {@code redis-server} from PATH if present, else the linux binary shipped in embedded-redis. */
    public static Path binary() {
        return RedisBinary.find();
    }

    static Path embeddedBinary() {
        return RedisBinary.embedded();
    }

    /** Prints the binary's path, for the local launcher script. */
    public static void main(String[] args) {
        System.out.println(binary().toAbsolutePath());
    }

    private static RedisServerProcess launch(Path binary, int port, boolean shared, boolean persistent) {
        Path dir;
        try {
            dir = Files.createTempDirectory("postmesh-redis-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new RedisServerProcess(spawn(binary, port, dir, persistent), port, dir, shared, persistent);
        } catch (IllegalStateException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    /** Runs redis-server and waits until it is ready; throws IllegalStateException (process killed) if not. */
    private static Process spawn(Path binary, int port, Path dir, boolean persistent) {
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "--bind", HOST, "--port", Integer.toString(port),
                    "--save", "", "--appendonly", persistent ? "yes" : "no", "--dir", dir.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Deque<String> log = new ArrayDeque<>();
        Thread reader = new Thread(() -> drain(process, ready, log), "redis-log-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            ping(port);
            return process;
        } catch (InterruptedException | ExecutionException | TimeoutException | IOException e) {
            kill(process);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            synchronized (log) {
                throw new IllegalStateException("redis-server on port " + port + " did not start: "
                        + String.join("\n", log), e);
            }
        }
    }

    /** Reads the server's log until it ends: readiness completes the future, EOF before it fails it. */
    private static void drain(Process process, CompletableFuture<Void> ready, Deque<String> log) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (log) {
                    log.addLast(line);
                    if (log.size() > LOG_LINES_KEPT) {
                        log.removeFirst();
                    }
                }
                if (line.contains(READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException ignored) {
            // The pipe closes when the process dies; handled below.
        }
        ready.completeExceptionally(new IllegalStateException("redis-server exited before it was ready"));
    }

    /** RESP inline PING; the server must answer {@code +PONG}. */
    private static void ping(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (!"+PONG".equals(answer)) {
                throw new IOException("PING answered " + answer);
            }
        }
    }

    /** {@code redis://127.0.0.1:PORT}, the form of {@code quarkus.redis.hosts}. */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The server's process id (for a harness that reads its memory or pauses it). */
    public long pid() {
        return process.pid();
    }

    /** Kills the server with SIGKILL, like a crash; its port and directory stay for {@link #restart()}. */
    public synchronized void kill() {
        if (shared) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port and directory (with its append-only file, if persistent). */
    public synchronized void restart() {
        if (shared) {
            return;
        }
        kill();
        process = spawn(binary(), port, dir, persistent);
    }

    /** Stops the server (SIGTERM, then SIGKILL) and deletes its directory; no-op on {@link #shared()}. */
    public void stop() {
        if (shared) {
            return;
        }
        terminate();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it does the same work.
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void terminate() {
        kill(process);
        deleteRecursively(dir);
    }

    private static void kill(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A leftover empty temp directory is harmless.
        }
    }

    /** Holder idiom: the shared server starts on first use of {@link #shared()}, once. */
    private static final class Shared {
        static final RedisServerProcess INSTANCE = start(binary(), true);
    }
}
