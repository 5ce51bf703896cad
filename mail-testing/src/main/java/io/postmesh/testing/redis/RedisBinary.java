package io.postmesh.testing.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a {@code redis-server} executable: the one on PATH (Debian's package), or else the
 * Redis 7.0.15 build that {@code org.signal:embedded-redis} ships as a jar resource.
 */
final class RedisBinary {
    private static final String EXECUTABLE = "redis-server";
    private static final String EMBEDDED_VERSION = "7.0.15";

    private RedisBinary() {}

    static Path find() {
        return onPath().orElseGet(RedisBinary::embedded);
    }

    static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, EXECUTABLE);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The embedded binary, extracted once per machine to {@code ${java.io.tmpdir}/postmesh-redis/}.
     * Several JVMs (surefire forks, other modules' builds) may extract at the same time, so each
     * writes a private temporary file and renames it into place atomically.
     */
    static Path embedded() {
        String resource = resourceName();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "postmesh-redis", resource);
        if (Files.isRegularFile(target) && Files.isExecutable(target)) {
            return target;
        }
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " not found: is org.signal:embedded-redis "
                        + "on the class path?");
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), resource, ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                if (!partial.toFile().setExecutable(true, false)) {
                    throw new IOException("cannot make " + partial + " executable");
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " to " + target, e);
        }
    }

    /** embedded-redis names its resources {@code redis-server-VERSION-OS-ARCH}. */
    private static String resourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new IllegalStateException("no embedded redis-server for " + os + "; install redis-server on PATH");
        }
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new IllegalStateException("no embedded redis-server for linux/" + arch);
        };
        return EXECUTABLE + "-" + EMBEDDED_VERSION + "-linux-" + cpu;
    }
}
