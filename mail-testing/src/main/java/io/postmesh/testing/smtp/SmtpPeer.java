package io.postmesh.testing.smtp;

import io.postmesh.testing.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A recording ESMTP server (RFC 5321) standing in for a remote MX in delivery tests. Accepts
 * every message unless told otherwise, records it, and can be made to misbehave: reject
 * recipients, override replies of any {@link Stage}, drop ESMTP or PIPELINING, cut DATA short. It can
 * offer STARTTLS (RFC 3207) with a key store from {@link TestCertificates}, AUTH PLAIN/LOGIN (RFC 4954),
 * limit recipients per transaction, and leave out 8BITMIME or SMTPUTF8.
 *
 * <p>Plain blocking sockets, one thread per connection: tests open few connections, and a thread
 * per session keeps the protocol code linear.
 */
public final class SmtpPeer implements AutoCloseable {
    private final ServerSocket server;
    private final String address;
    private final PeerSettings settings = new PeerSettings();
    private final ReceivedLog log = new ReceivedLog();
    private final List<String> transcript = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger activeSessions = new AtomicInteger();
    private final AtomicInteger maxConcurrentSessions = new AtomicInteger();
    private final List<String> clientAddresses = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private SmtpPeer(ServerSocket server, String address) {
        this.server = server;
        this.address = address;
        this.acceptor = new Thread(this::acceptLoop, "smtp-peer-" + address + ":" + server.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@code bindAddress} (any 127.0.0.x) and {@code port}; port 0 picks a free one. */
    public static SmtpPeer start(String bindAddress, int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 50);
            SmtpPeer peer = new SmtpPeer(server, bindAddress);
            peer.acceptor.start();
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port, e);
        }
    }

    public String address() {
        return address;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Answers RCPT TO for {@code address} (case-insensitive) with {@code reply}, e.g. "550 5.1.1 no such user". */
    public SmtpPeer rejectRecipient(String address, String reply) {
        settings.reject(address, reply);
        return this;
    }

    /** Overrides the reply of {@code stage} in every session; {@code null} restores the default. */
    public SmtpPeer replyTo(Stage stage, String reply) {
        settings.override(stage, reply);
        return this;
    }

    /** EHLO no longer advertises PIPELINING (RFC 2920), so clients must wait for each reply. */
    public SmtpPeer withoutPipelining() {
        settings.pipelining(false);
        return this;
    }

    /** EHLO answers "502 5.5.1"; only HELO works, as with a pre-ESMTP server (RFC 5321 §3.2). */
    public SmtpPeer withoutEsmtp() {
        settings.esmtp(false);
        return this;
    }

    /** When on, the peer closes the connection after the first line of DATA, before its end. */
    public SmtpPeer dropConnectionDuringData(boolean on) {
        settings.dropDuringData(on);
        return this;
    }

    /**
     * When on, the peer accepts connections and commands but holds back every reply (greeting included) until
     * switched off: a remote MX that hangs, so the client's timeouts (RFC 5321 §4.5.3.2) must act.
     */
    public SmtpPeer stall(boolean on) {
        settings.stall(on);
        return this;
    }

    /**
     * Tells {@code listener} of every accepted message on the session's thread, as the 250 is sent; with
     * {@code keep} false the peer stops storing them ({@link #messages()} stays empty), so a long soak run does
     * not fill the heap.
     */
    public SmtpPeer onMessage(Consumer<ReceivedMessage> listener, boolean keep) {
        log.listen(listener, keep);
        return this;
    }

    /** Offers STARTTLS and presents the certificate of {@code keyStore} (PKCS#12, {@link TestCertificates}). */
    public SmtpPeer withStartTls(Path keyStore) {
        settings.tls(TestCertificates.serverContext(keyStore));
        return this;
    }

    /** Offers STARTTLS, answers it with 220 and then closes the connection: a failed handshake. */
    public SmtpPeer withBrokenStartTls() {
        settings.tls(TestCertificates.serverContext(TestCertificates.selfSigned("broken.test")));
        settings.brokenTls(true);
        return this;
    }

    /** Answers {@code 452 4.5.3} to every RCPT beyond {@code max} in one transaction; 0 lifts the limit. */
    public SmtpPeer maxRecipientsPerTransaction(int max) {
        settings.maxRecipients(max);
        return this;
    }

    /** EHLO no longer advertises 8BITMIME (RFC 6152). */
    public SmtpPeer without8BitMime() {
        settings.eightBitMime(false);
        return this;
    }

    /** EHLO no longer advertises SMTPUTF8 (RFC 6531). */
    public SmtpPeer withoutSmtpUtf8() {
        settings.smtpUtf8(false);
        return this;
    }

    /** The SIZE limit announced in EHLO and enforced on MAIL FROM SIZE= (RFC 1870). */
    public SmtpPeer sizeLimit(long octets) {
        settings.sizeLimit(octets);
        return this;
    }

    /** Offers AUTH PLAIN and LOGIN and refuses MAIL (530 5.7.0) until the client authenticated as this user. */
    public SmtpPeer requireAuth(String user, String password) {
        settings.credentials().put(user, password);
        return this;
    }

    /** The IP address of each accepted TCP connection, in order. */
    public List<String> clientAddresses() {
        return List.copyOf(clientAddresses);
    }

    /** Messages accepted with a 2xx reply at end of data, in order. */
    public List<ReceivedMessage> messages() {
        return log.snapshot();
    }

    /** Waits until at least {@code count} messages arrived; throws AssertionError listing them on timeout. */
    public List<ReceivedMessage> awaitMessages(int count, Duration timeout) {
        return log.await(count, timeout);
    }

    /** TCP connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** The most TCP sessions that were open at the same time (from accept until the session ended). */
    public int maxConcurrentSessions() {
        return maxConcurrentSessions.get();
    }

    /** TCP sessions open right now. */
    public int activeSessions() {
        return activeSessions.get();
    }

    /** Every command line received, across all sessions, in arrival order (message data excluded). */
    public List<String> transcript() {
        return List.copyOf(transcript);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                clientAddresses.add(socket.getInetAddress().getHostAddress());
                connections.incrementAndGet();
                open.add(socket);
                if (closed) {
                    // close() ran between accept() and add(): it did not see this socket.
                    socket.close();
                    continue;
                }
                // Counted from accept to close, so a client's connection limit shows even with idle sessions.
                maxConcurrentSessions.accumulateAndGet(activeSessions.incrementAndGet(), Math::max);
                Thread session = new Thread(() -> {
                    try {
                        new PeerSession(socket, "[" + address + "]", settings, log, transcript::add).run();
                    } finally {
                        open.remove(socket);
                        activeSessions.decrementAndGet();
                    }
                }, "smtp-peer-session-" + socket.getPort());
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                if (!closed) {
                    // accept() failing while open is unexpected; stop rather than spin.
                    closed = true;
                }
            }
        }
    }

    /** Closes every open session but keeps listening: what a server restart or an idle timeout looks like. */
    public void dropOpenConnections() {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already closed by its session.
            }
        }
    }

    /** Stops listening and closes every open session. */
    @Override
    public void close() {
        closed = true;
        settings.stall(false);
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing a listener that failed to close leaves nothing more to do.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already closed by its session.
            }
        }
        try {
            acceptor.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
