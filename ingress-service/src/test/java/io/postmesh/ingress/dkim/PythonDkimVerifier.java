package io.postmesh.ingress.dkim;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's python3-dkim on a message: an implementation independent of ours. The key comes from the
 * test DNS server on loopback. Without python3-dkim the test is skipped locally and fails on CI (CI=true).
 */
public final class PythonDkimVerifier {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    public record Result(int exitCode, String output) {
        public boolean verified() {
            return exitCode == 0;
        }
    }

    private PythonDkimVerifier() {}

    public static void requireInstalled() {
        boolean present = Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import dkim, dns"),
                new byte[0]).exitCode() == 0;
        if ("true".equals(System.getenv("CI"))) {
            if (!present) {
                throw new IllegalStateException("python3-dkim and python3-dnspython are required on CI");
            }
        } else {
            assumeTrue(present, "python3-dkim / python3-dnspython not installed");
        }
    }

    public static Result verify(byte[] message, int dnsPort) {
        Path script = script();
        return run(List.of(PYTHON.toString(), script.toString(), Integer.toString(dnsPort)), message);
    }

    private static Path script() {
        try (InputStream in = PythonDkimVerifier.class.getResourceAsStream("/dkim/dkim_verify.py")) {
            Path file = Files.createTempFile("dkim_verify", ".py");
            file.toFile().deleteOnExit();
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result run(List<String> command, byte[] stdin) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream out = p.getOutputStream()) {
                out.write(stdin);
            }
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("python3 did not finish: " + command);
            }
            return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
