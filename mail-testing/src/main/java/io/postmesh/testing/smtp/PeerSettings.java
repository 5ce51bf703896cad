package io.postmesh.testing.smtp;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/** What a test configured on an {@link SmtpPeer}; read by every session, changeable at any time. */
final class PeerSettings {
    private final Map<Stage, String> overrides = new ConcurrentHashMap<>();
    private final Map<String, String> rejectedRecipients = new ConcurrentHashMap<>();
    private volatile boolean pipelining = true;
    private volatile boolean esmtp = true;
    private volatile boolean dropDuringData;
    private boolean stalled;
    private volatile SSLContext tls;
    private volatile boolean brokenTls;
    private volatile int maxRecipients;
    private volatile boolean eightBitMime = true;
    private volatile boolean smtpUtf8 = true;
    private volatile long sizeLimit = PeerSession.MAX_SIZE;
    private final Map<String, String> credentials = new ConcurrentHashMap<>();

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

    SSLContext tls() {
        return tls;
    }

    void tls(SSLContext context) {
        tls = context;
    }

    boolean brokenTls() {
        return brokenTls;
    }

    void brokenTls(boolean on) {
        brokenTls = on;
    }

    /** Recipients accepted per transaction; 0 means no limit. */
    int maxRecipients() {
        return maxRecipients;
    }

    void maxRecipients(int max) {
        maxRecipients = max;
    }

    boolean eightBitMime() {
        return eightBitMime;
    }

    void eightBitMime(boolean on) {
        eightBitMime = on;
    }

    boolean smtpUtf8() {
        return smtpUtf8;
    }

    void smtpUtf8(boolean on) {
        smtpUtf8 = on;
    }

    long sizeLimit() {
        return sizeLimit;
    }

    void sizeLimit(long limit) {
        sizeLimit = limit;
    }

    /** While stalled, every reply (greeting included) is held back: a peer that accepts and then hangs. */
    synchronized void stall(boolean on) {
        stalled = on;
        notifyAll();
    }

    /** Blocks the session's thread until the stall is lifted (or the thread is interrupted). */
    synchronized void awaitNotStalled() {
        while (stalled) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** User name to password; empty means the peer offers no AUTH. */
    Map<String, String> credentials() {
        return credentials;
    }
}
