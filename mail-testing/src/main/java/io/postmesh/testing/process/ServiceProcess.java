package io.postmesh.testing.process;

import io.postmesh.testing.BuildInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Postmesh service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as its own
 * process, the way it runs in production, configured by system properties. Output goes to a log file; the
 * process is ready when Quarkus prints its "started in" line.
 */
public final class ServiceProcess implements AutoCloseable {
    private final String module;
    private final Path log;
    private final Process process;

    private ServiceProcess(String module, Path log, Process process) {
        this.module = module;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code module} with {@code config} as {@code -Dkey=value} and waits until it has started.
     *
     * @param module the Maven module, e.g. {@code ingress-service}
     * @param config Quarkus configuration
     * @param logDir where {@code <module>.log} is written
     */
    public static ServiceProcess start(String module, Map<String, String> config, Path logDir) {
        return start(module, config, Map.of(), logDir);
    }

    /**
     * As {@link #start(String, Map, Path)}, with {@code environment} added to the process's environment: for
     * settings Kubernetes passes as variables (e.g. {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED}), tested as set.
     */
    public static ServiceProcess start(String module, Map<String, String> config, Map<String, String> environment,
                                       Path logDir) {
        Path jar = BuildInfo.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        List<String> command = new ArrayList<>(List.of(BuildInfo.java(), "-Xms64m", "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        new TreeMap<>(config).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(module + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            ServiceProcess service = new ServiceProcess(module, log, process);
            service.awaitStarted();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitStarted() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.contains(" started in ")) {
                        started.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            started.completeExceptionally(new IllegalStateException(module + " exited"));
        }, module + "-output");
        pump.setDaemon(true);
        pump.start();
        try {
            started.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException(module + " did not start: " + e + "\n" + tail(), e);
        }
    }

    /** The last lines of the service's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public Path log() {
        return log;
    }

    /** The service's process id (for jcmd and /proc). */
    public long pid() {
        return process.pid();
    }

    public String module() {
        return module;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Kills the service the way a crash or an OOM kill does (SIGKILL): no shutdown hook, no offset commit. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends SIGTERM (Quarkus shuts down gracefully) and waits up to {@code patience}; true when the service ended
     * by itself within it. A service that lingers is killed (SIGKILL) and the answer is false.
     */
    public boolean stop(Duration patience) {
        process.destroy();
        try {
            if (process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return false;
    }

    /** Stops the service (SIGTERM: Quarkus shuts down gracefully), then kills it if it lingers. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }
}
