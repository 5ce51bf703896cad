package io.postmesh.queue.scheduling;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an accepted message into delivery jobs, one per destination domain (Postfix's qmgr groups
 * recipients by next hop the same way), so that each job needs one MX lookup and one SMTP transaction.
 * Recipients that differ only in case of the domain share a job; duplicate recipients are dropped
 * (RFC 5321 §3.3 allows a server to send a message only once to a recipient listed twice).
 */
public final class DestinationSplitter {
    private DestinationSplitter() {}

    public static List<Envelope> split(Envelope message) {
        Map<String, List<Recipient>> byDomain = new LinkedHashMap<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (Recipient r : message.recipients()) {
            String domain = r.domain();
            String identity = r.address().substring(0, r.address().lastIndexOf('@') + 1) + domain;
            if (seen.putIfAbsent(identity, Boolean.TRUE) != null) {
                continue;
            }
            byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(r);
        }
        List<Envelope> jobs = new ArrayList<>(byDomain.size());
        byDomain.forEach((domain, recipients) -> jobs.add(message.forDestination(domain, recipients)));
        return jobs;
    }
}
