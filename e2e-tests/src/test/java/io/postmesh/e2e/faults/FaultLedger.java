package io.postmesh.e2e.faults;

import io.postmesh.loadgen.load.MessageOutcomes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a fault run saw at both ends: the generator's verdict on every message (accepted with 250, refused, or
 * unknown because the connection died after the content went out), every arrival at the MX (bench id, send and
 * arrival time, intact or not), and the permanent outcomes (BOUNCED/EXPIRED on mail.events) by bench id. Pure
 * bookkeeping, thread-safe; {@link #verdict()} turns it into the figures the harness prints.
 */
final class FaultLedger implements MessageOutcomes {
    private final Set<String> accepted = new HashSet<>();
    private final Set<String> refused = new HashSet<>();
    private final Set<String> unknown = new HashSet<>();
    private final Map<String, Integer> arrivals = new HashMap<>();
    private final Map<String, Long> delayMicros = new HashMap<>();
    private final Map<String, String> permanent = new HashMap<>();
    private long corrupt;
    private long foreign;

    @Override
    public synchronized void accepted(String id) {
        accepted.add(id);
    }

    @Override
    public synchronized void refused(String id, String reason) {
        refused.add(id);
    }

    @Override
    public synchronized void unknown(String id, String reason) {
        unknown.add(id);
    }

    /** One message at the MX; {@code id} null for a message without a bench id (e.g. a DSN gone astray). */
    synchronized void arrived(String id, boolean intact, long sentMicros, long arrivalMicros) {
        if (id == null) {
            foreign++;
            return;
        }
        if (!intact) {
            corrupt++;
        }
        if (arrivals.merge(id, 1, Integer::sum) == 1 && sentMicros > 0) {
            delayMicros.put(id, Math.max(0, arrivalMicros - sentMicros));
        }
    }

    /** A BOUNCED or EXPIRED event for the message with this bench id. */
    synchronized void permanentOutcome(String id, String type) {
        permanent.putIfAbsent(id, type);
    }

    synchronized long acceptedCount() {
        return accepted.size();
    }

    /** Accepted messages that neither arrived nor have a permanent outcome yet. */
    synchronized long outstanding() {
        return accepted.stream().filter(id -> !arrivals.containsKey(id) && !permanent.containsKey(id)).count();
    }

    /** Arrival delays (send → first arrival) in microseconds, by bench id, for drift statistics. */
    synchronized Map<String, Long> delays() {
        return Map.copyOf(delayMicros);
    }

    synchronized FaultVerdict verdict() {
        long delivered = 0;
        long permanentOnly = 0;
        long lost = 0;
        for (String id : accepted) {
            if (arrivals.containsKey(id)) {
                delivered++;
            } else if (permanent.containsKey(id)) {
                permanentOnly++;
            } else {
                lost++;
            }
        }
        long duplicates = arrivals.values().stream().mapToLong(n -> n - 1).sum();
        // Arrived without a 250: fine only for an "unknown" message (RFC 5321 §6.1), never for a refused one.
        long unaccepted = 0;
        long unknownArrived = 0;
        for (String id : arrivals.keySet()) {
            if (!accepted.contains(id)) {
                if (unknown.contains(id)) {
                    unknownArrived++;
                } else {
                    unaccepted++;
                }
            }
        }
        long maxDelay = delayMicros.entrySet().stream().filter(e -> accepted.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).max().orElse(0);
        return new FaultVerdict(accepted.size(), refused.size(), unknown.size(), delivered, permanentOnly,
                duplicates, lost, unaccepted, unknownArrived, corrupt, foreign, maxDelay / 1000.0);
    }
}
