package io.postmesh.ingress.smtp.transport;

import io.postmesh.ingress.smtp.protocol.DrainPolicy;
import io.postmesh.ingress.smtp.protocol.Reply;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open SMTP connections of all listeners, and the drain on shutdown: once {@link #start()} ran, new
 * connections are refused with 421 4.3.2 and every open one is told to drain on its own event loop
 * ({@link SmtpConnection#drain()}, which follows {@link DrainPolicy}). {@link #ended()} completes when the last
 * connection has closed. Connections live on several event loops, so the set is concurrent and the flag volatile.
 */
final class SessionDrain {
    private final Set<SmtpConnection> open = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Reply shuttingDown;
    private volatile boolean draining;

    SessionDrain(String hostname) {
        this.shuttingDown = DrainPolicy.shuttingDown(hostname);
    }

    /** The 421 4.3.2 of a draining listener. */
    Reply shuttingDown() {
        return shuttingDown;
    }

    boolean draining() {
        return draining;
    }

    /** Open connections right now. */
    int open() {
        return open.size();
    }

    /**
     * Adds a connection (on its event loop, before its greeting). If the drain began meanwhile, the connection is
     * told at once, so none slips between the check at accept time and {@link #start()}'s pass over the set.
     */
    void register(SmtpConnection connection) {
        open.add(connection);
        if (draining) {
            connection.drain();
        }
    }

    /** Removes a closed connection; the last one to go while draining completes {@link #ended()}. */
    void closed(SmtpConnection connection) {
        open.remove(connection);
        if (draining && open.isEmpty()) {
            ended.complete(null);
        }
    }

    /** Starts the drain (once; later calls change nothing) and returns {@link #ended()}. */
    synchronized CompletionStage<Void> start() {
        if (!draining) {
            draining = true;
            for (SmtpConnection connection : open) {
                connection.drainOnItsContext();
            }
            if (open.isEmpty()) {
                ended.complete(null);
            }
        }
        return ended;
    }

    /** Completes when every connection has closed after the drain started. */
    CompletionStage<Void> ended() {
        return ended;
    }
}
