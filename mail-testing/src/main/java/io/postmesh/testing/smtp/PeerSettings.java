package io.postmesh.testing.smtp;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What a test configured on an {@link SmtpPeer}; read by every session, changeable at any time. */
final class PeerSettings {
    private final Map<Stage, String> overrides = new ConcurrentHashMap<>();
    private final Map<String, String> rejectedRecipients = new ConcurrentHashMap<>();
    private volatile boolean pipelining = true;
    private volatile boolean esmtp = true;
    private volatile boolean dropDuringData;

    void override(Stage stage, String reply) {
        if (reply == null) {
            overrides.remove(stage);
        } else {
            overrides.put(stage, reply);
        }
    }

    /** The overriding reply for {@code stage}, or {@code standard}. */
    String reply(Stage stage, String standard) {
        return overrides.getOrDefault(stage, standard);
    }

    void reject(String address, String reply) {
        rejectedRecipients.put(address.toLowerCase(Locale.ROOT), reply);
    }

    /** The rejection configured for {@code address} (compared case-insensitively), or {@code null}. */
    String rejection(String address) {
        return rejectedRecipients.get(address.toLowerCase(Locale.ROOT));
    }

    boolean pipelining() {
        return pipelining;
    }

    void pipelining(boolean on) {
        pipelining = on;
    }

    boolean esmtp() {
        return esmtp;
    }

    void esmtp(boolean on) {
        esmtp = on;
    }

    boolean dropDuringData() {
        return dropDuringData;
    }

    void dropDuringData(boolean on) {
        dropDuringData = on;
    }
}
