package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.tls.TlsDetails;
import io.postmesh.delivery.tls.TlsFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The thin Vert.x side of an SMTP client session: writes commands and hands out replies in order. It
 * knows nothing of SMTP's dialogue; the phases ({@link Handshake}, {@link MailTransaction},
 * {@link MessageData}) do. Every failure of the transport is a {@link HostFailure}.
 */
public final class SmtpConnection {
    /** Reply lines are at most 512 octets (RFC 5321 §4.5.3.1.5); allow generous slack. */
    private static final int MAX_LINE = 4096;
    private static final int WRITE_CHUNK = 64 * 1024;

    private final Vertx vertx;
    private final NetSocket socket;
    private final Duration timeout;
    private final String peer;
    private final ReplyAssembler assembler = new ReplyAssembler();
    private final Deque<ServerReply> received = new ArrayDeque<>();
    private final Deque<Promise<ServerReply>> waiting = new ArrayDeque<>();
    private Promise<Void> writing;
    private Throwable broken;
    private long timer = -1;

    private SmtpConnection(Vertx vertx, NetSocket socket, Duration timeout, String peer) {
        this.vertx = vertx;
        this.socket = socket;
        this.timeout = timeout;
        this.peer = peer;
        RecordParser parser = RecordParser.newDelimited("\r\n", this::onLine).maxRecordSize(MAX_LINE);
        parser.exceptionHandler(e -> fail(new HostFailure("reply line too long from " + peer)));
        socket.handler(parser);
        socket.exceptionHandler(e -> fail(new HostFailure("I/O error with " + peer + ": " + e.getMessage(), e)));
        socket.closeHandler(v -> fail(new HostFailure("connection to " + peer + " closed")));
    }

    /** Connects; the future fails with a {@link HostFailure} when the host cannot be reached. */
    public static Future<SmtpConnection> connect(Vertx vertx, NetClient client, String address, int port,
                                                 String peer, Duration timeout) {
        return connect(vertx, client, address, null, port, peer, timeout);
    }

    /**
     * Connects to {@code address} while naming the socket's remote end {@code hostName}: Vert.x checks a
     * certificate against the remote host name of the socket, and for an MX that is the MX name (RFC 7672
     * §3.2.2, RFC 8461 §4.1), not the address we looked up for it.
     */
    public static Future<SmtpConnection> connect(Vertx vertx, NetClient client, String address, String hostName,
                                                 int port, String peer, Duration timeout) {
        SocketAddress remote;
        try {
            InetAddress ip = InetAddress.getByName(address);
            remote = hostName == null ? SocketAddress.inetSocketAddress(port, address)
                    : SocketAddress.inetSocketAddress(new InetSocketAddress(
                            InetAddress.getByAddress(hostName, ip.getAddress()), port));
        } catch (UnknownHostException e) {
            return Future.failedFuture(new HostFailure("not an address: " + address, e));
        }
        return client.connect(remote)
                .recover(e -> Future.failedFuture(new HostFailure("cannot connect to " + peer + ": "
                        + e.getMessage(), e)))
                .map(socket -> new SmtpConnection(vertx, socket, timeout, peer));
    }

    /** RFC 3207 §4: after a 220 to STARTTLS, the TLS handshake on this socket. */
    public Future<TlsDetails> upgradeToTls(String serverName, boolean verified) {
        // SNI (RFC 6066 §3) carries host names only, never address literals.
        boolean named = serverName != null && !serverName.isEmpty() && Character.isLetter(serverName.charAt(0));
        Future<Void> upgrade = named ? socket.upgradeToSsl(serverName) : socket.upgradeToSsl();
        return upgrade.recover(e -> {
            TlsFailure failure = TlsFailure.handshake(peer, e);
            fail(failure);
            socket.close();
            return Future.failedFuture(failure);
        }).map(v -> {
            SSLSession session = socket.sslSession();
            return new TlsDetails(session.getProtocol(), session.getCipherSuite(), verified);
        });
    }

    /** Whether the connection failed or was closed by either side (an idle pooled one may be). */
    public boolean broken() {
        return broken != null;
    }

    public String peer() {
        return peer;
    }

    /** The next reply from the server (the greeting, or the reply to an earlier command). */
    public Future<ServerReply> next() {
        if (!received.isEmpty()) {
            return Future.succeededFuture(received.poll());
        }
        if (broken != null) {
            return Future.failedFuture(broken);
        }
        Promise<ServerReply> promise = Promise.promise();
        waiting.add(promise);
        armTimer();
        return promise.future();
    }

    /** Sends one command line and waits for its reply. */
    public Future<ServerReply> command(String line) {
        return write(Buffer.buffer(line + "\r\n", "US-ASCII")).compose(v -> next());
    }

    /** Sends several commands in one write (RFC 2920 §3.1) and collects one reply per command. */
    public Future<List<ServerReply>> pipeline(List<String> lines) {
        Buffer batch = Buffer.buffer();
        lines.forEach(l -> batch.appendString(l + "\r\n", "US-ASCII"));
        return write(batch).compose(v -> collect(lines.size(), new ArrayList<>()));
    }

    private Future<List<ServerReply>> collect(int count, List<ServerReply> into) {
        if (into.size() == count) {
            return Future.succeededFuture(into);
        }
        return next().compose(reply -> {
            into.add(reply);
            return collect(count, into);
        });
    }

    /**
     * Writes bytes in chunks, waiting for the socket to drain when its write queue is full, so a 25 MiB
     * message never sits in memory twice over.
     */
    public Future<Void> write(Buffer data) {
        if (broken != null) {
            return Future.failedFuture(broken);
        }
        Promise<Void> done = Promise.promise();
        writing = done;
        writeFrom(data, 0, done);
        return done.future();
    }

    private void writeFrom(Buffer data, int offset, Promise<Void> done) {
        int position = offset;
        while (position < data.length()) {
            if (broken != null) {
                done.tryFail(broken);
                return;
            }
            if (socket.writeQueueFull()) {
                int resume = position;
                // RFC 5321 §4.5.3.2.5: a server that takes no data for the timeout is dead, not slow.
                long stalled = vertx.setTimer(timeout.toMillis(), id -> {
                    socket.drainHandler(null);
                    fail(new HostFailure("timeout after " + timeout.toSeconds() + "s sending data to " + peer));
                    done.tryFail(broken);
                    socket.close();
                });
                socket.drainHandler(v -> {
                    vertx.cancelTimer(stalled);
                    socket.drainHandler(null);
                    writeFrom(data, resume, done);
                });
                return;
            }
            int end = Math.min(data.length(), position + WRITE_CHUNK);
            // A slice shares the bytes (getBuffer would copy each chunk).
            socket.write(data.slice(position, end));
            position = end;
        }
        done.tryComplete();
    }

    /** Closes without QUIT (after a failure). */
    public void close() {
        cancelTimer();
        socket.close();
    }

    private void onLine(Buffer line) {
        if (broken != null) {
            return;
        }
        Optional<ServerReply> reply;
        try {
            reply = assembler.accept(line.toString(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            fail(new HostFailure("protocol error from " + peer + ": " + e.getMessage()));
            socket.close();
            return;
        }
        reply.ifPresent(r -> {
            Promise<ServerReply> promise = waiting.poll();
            if (promise == null) {
                received.add(r);
            } else {
                cancelTimer();
                promise.complete(r);
                if (!waiting.isEmpty()) {
                    armTimer();
                }
            }
        });
    }

    private void armTimer() {
        if (timer >= 0) {
            return;
        }
        timer = vertx.setTimer(timeout.toMillis(), id -> {
            timer = -1;
            fail(new HostFailure("timeout after " + timeout.toSeconds() + "s waiting for " + peer));
            socket.close();
        });
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void fail(Throwable cause) {
        if (broken == null) {
            broken = cause;
        }
        cancelTimer();
        if (writing != null) {
            // A close while we wait for the socket to drain must not leave the write hanging.
            writing.tryFail(broken);
        }
        Promise<ServerReply> p;
        while ((p = waiting.poll()) != null) {
            p.tryFail(broken);
        }
    }
}
