package io.postmesh.delivery.pool;

import io.postmesh.delivery.smtp.client.OpenSession;

/** An open session owned by a {@link ConnectionPool}: in use by one job at a time, or idle. */
public final class PooledSession {
    private final PoolKey key;
    private final OpenSession session;
    private final DeliveryPermits.Permit permit;
    private int messages;
    private long idleTimer = -1;

    PooledSession(PoolKey key, OpenSession session, DeliveryPermits.Permit permit) {
        this.key = key;
        this.session = session;
        this.permit = permit;
    }

    public OpenSession session() {
        return session;
    }

    public PoolKey key() {
        return key;
    }

    /** Counts one more transaction on this connection (for the per-connection message limit). */
    public void countMessage() {
        messages++;
    }

    int messages() {
        return messages;
    }

    long idleTimer() {
        return idleTimer;
    }

    void idleTimer(long id) {
        idleTimer = id;
    }

    DeliveryPermits.Permit permit() {
        return permit;
    }
}
