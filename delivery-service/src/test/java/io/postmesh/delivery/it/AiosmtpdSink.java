package io.postmesh.delivery.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's python3-aiosmtpd as an independent MTA on a loopback port (script {@code aiosmtpd_sink.py}), storing
 * each message's bytes in a directory. Runs {@code /usr/bin/python3} on purpose: the Debian package installs
 * into the system Python, not into a pyenv shim that may come first on PATH.
 */
final class AiosmtpdSink implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final Path directory;

    private AiosmtpdSink(Process process, Path directory) {
        this.process = process;
        this.directory = directory;
    }

    /** Whether the Debian package is importable. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import aiosmtpd").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static AiosmtpdSink start(String host, int port) {
        try {
            Path directory = Files.createTempDirectory("aiosmtpd");
            Path script = directory.resolve("aiosmtpd_sink.py");
            try (InputStream in = AiosmtpdSink.class.getResourceAsStream("/aiosmtpd_sink.py")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Path store = Files.createDirectory(directory.resolve("store"));
            Process process = new ProcessBuilder(PYTHON, script.toString(), host, Integer.toString(port),
                    store.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                process.destroyForcibly();
                throw new IllegalStateException("aiosmtpd did not start: " + line);
            }
            return new AiosmtpdSink(process, store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored messages (bytes as aiosmtpd received them), in order. */
    List<byte[]> messages() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".eml")).sorted().map(p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** MAIL FROM and RCPT TO lines of message {@code index} (0-based). */
    List<String> envelope(int index) throws IOException {
        return Files.readAllLines(directory.resolve(String.format("%05d.env", index + 1)), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
