package io.postmesh.testing.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A scanner daemon run by a test as a child process, in a private directory on loopback ports: started,
 * probed until it answers, stopped (SIGTERM, then SIGKILL) and its directory deleted.
 */
abstract class DaemonProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 120_000;

    protected final Path dir;
    private final Process process;
    private final Thread shutdownHook;

    protected DaemonProcess(Path dir, List<String> command, BooleanSupplier ready, String name) {
        this.dir = dir;
        try {
            this.process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        } catch (IOException e) {
            deleteRecursively(dir);
            throw new IllegalStateException("cannot run " + command, e);
        }
        this.shutdownHook = new Thread(this::terminate, name + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        // The daemons have no readiness signal but their port: probe it, backing off, until it answers.
        long pause = 50;
        while (!ready.getAsBoolean()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                String log = log(name);
                close();
                throw new IllegalStateException(name + " did not start: " + log);
            }
            try {
                process.waitFor(pause, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException(e);
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    /** Whether {@code binary} is installed (Debian packages {@code clamav-daemon}, {@code rspamd}). */
    static boolean installed(Path binary) {
        return Files.isExecutable(binary);
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Stops the daemon and deletes its directory. */
    @Override
    public void close() {
        terminate();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook does the same
        }
    }

    private void terminate() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        deleteRecursively(dir);
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
