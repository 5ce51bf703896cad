package io.postmesh.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The configuration properties a service reads, as its {@code application.properties} lists them: set keys,
 * keys with a profile ({@code %prod.key}) and documented keys in comments ({@code #key=example}). Each is
 * also given in the environment-variable form MicroProfile Config maps to it (upper case, every character
 * other than a letter or digit replaced by {@code _}).
 */
final class ServiceProperties {
    private final Set<String> envNames = new HashSet<>();

    static ServiceProperties of(String service) throws IOException {
        ServiceProperties p = new ServiceProperties();
        Path file = Manifests.ROOT.resolve(service).resolve("src/main/resources/application.properties");
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                line = line.substring(1).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || line.substring(0, eq).contains(" ")) {
                continue; // prose in a comment, not a key
            }
            String key = line.substring(0, eq).strip();
            if (key.startsWith("%")) {
                key = key.substring(key.indexOf('.') + 1);
            }
            p.envNames.add(envName(key));
        }
        return p;
    }

    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    boolean reads(String envVar) {
        return envNames.contains(envVar);
    }
}
