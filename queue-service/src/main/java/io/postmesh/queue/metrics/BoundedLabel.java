package io.postmesh.queue.metrics;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps the values of one metric label few: the first {@code max} distinct values are kept as they are, any
 * later one is reported as {@value #OTHER}. A sender with a million recipient domains must not make a million
 * time series; the busiest domains appear early and keep their own series.
 */
public final class BoundedLabel {
    public static final String OTHER = "other";
    public static final String NONE = "none";

    private final int max;
    private final Set<String> kept = new LinkedHashSet<>();

    public BoundedLabel(int max) {
        this.max = max;
    }

    public synchronized String of(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (kept.contains(v)) {
            return v;
        }
        if (kept.size() < max) {
            kept.add(v);
            return v;
        }
        return OTHER;
    }
}
