package io.postmesh.loadgen.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options in the {@code --name value} form (a trailing {@code --flag} without value means
 * {@code true}), with typed getters for the units the harness uses: sizes ({@code 5k}, {@code 1m}) and
 * durations ({@code 500ms}, {@code 20s}, {@code 2m}).
 */
public final class Args {
    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    public static Args parse(String[] argv, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            String value = "true";
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                value = argv[++i];
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            values.put(name, value);
        }
        return new Args(values);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    }

    public long longValue(String name, long fallback) {
        String v = values.get(name);
        return v == null ? fallback : Long.parseLong(v.replace("_", ""));
    }

    public double decimal(String name, double fallback) {
        String v = values.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }

    public Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        return v == null ? fallback : parseDuration(v);
    }

    /** {@code 250ms}, {@code 20s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        char unit = t.charAt(t.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("bad duration " + text + " (use ms, s, m or h)");
        };
    }

    /** {@code 5k} = 5120 bytes, {@code 1m} = 1048576 bytes, a bare number is bytes (as smtp-source's -l). */
    public static int parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        char unit = t.charAt(t.length() - 1);
        long n = Character.isDigit(unit) ? Long.parseLong(t) : Long.parseLong(t.substring(0, t.length() - 1));
        long bytes = switch (unit) {
            case 'k' -> n * 1024;
            case 'm' -> n * 1024 * 1024;
            default -> {
                if (!Character.isDigit(unit)) {
                    throw new IllegalArgumentException("bad size " + text + " (use k or m)");
                }
                yield n;
            }
        };
        if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size out of range: " + text);
        }
        return (int) bytes;
    }
}
