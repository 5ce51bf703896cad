package io.postmesh.delivery.mx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The order in which MX hosts are tried. RFC 5321 §5.1: hosts are tried by ascending preference, and
 * "if there are multiple destinations with the same preference ... the SMTP client SHOULD randomize them"
 * so that load spreads over equal hosts. The {@link Random} is injected so the order is testable.
 */
public final class MxOrdering {
    private final Random random;

    public MxOrdering(Random random) {
        this.random = random;
    }

    /** Exchange names, best first, each name once (a host listed twice keeps its best preference). */
    public List<String> order(List<MxRecord> records) {
        Map<Integer, List<String>> byPreference = new TreeMap<>(Comparator.naturalOrder());
        for (MxRecord record : records) {
            if (record.isNullMx()) {
                continue;
            }
            byPreference.computeIfAbsent(record.preference(), p -> new ArrayList<>()).add(record.exchange());
        }
        LinkedHashSet<String> ordered = new LinkedHashSet<>();
        for (List<String> group : byPreference.values()) {
            // Sorting first makes the shuffle depend only on the Random, not on the DNS answer's order.
            Collections.sort(group);
            Collections.shuffle(group, random);
            ordered.addAll(group);
        }
        return List.copyOf(ordered);
    }
}
