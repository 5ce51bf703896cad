package io.postmesh.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where the reactor root is, written at build time, so tests find the broker's jars and packaged services. */
public final class BuildInfo {
    private BuildInfo() {}

    /** The repository root (the directory of the parent pom). {@code postmesh.root} overrides it. */
    public static Path root() {
        String override = System.getProperty("postmesh.root");
        if (override != null) {
            return Path.of(override);
        }
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            Properties p = new Properties();
            p.load(in);
            Path root = Path.of(p.getProperty("postmesh.root"));
            if (!Files.isDirectory(root.resolve("kafka-broker"))) {
                throw new IllegalStateException("postmesh root not found at " + root + "; set -Dpostmesh.root");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java executable of the running JVM, used to start child JVMs. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
