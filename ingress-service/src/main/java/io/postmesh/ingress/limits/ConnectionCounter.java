package io.postmesh.ingress.limits;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Open connections in total and per client IP. {@link #tryOpen} either counts the connection or says which
 * limit refused it; every counted connection must be {@link #close}d once. Clients in the trusted networks
 * are exempt from the per-IP limit (Postfix: {@code smtpd_client_event_limit_exceptions = $mynetworks}), not
 * from the total.
 */
public final class ConnectionCounter {

    /** The answer to a new connection. */
    public enum Verdict { OK, TOO_MANY_TOTAL, TOO_MANY_FROM_IP }

    private final int maxTotal;
    private final int maxPerIp;
    private final Map<InetAddress, Integer> perIp = new HashMap<>();
    private int total;

    public ConnectionCounter(int maxTotal, int maxPerIp) {
        this.maxTotal = maxTotal;
        this.maxPerIp = maxPerIp;
    }

    public synchronized Verdict tryOpen(InetAddress client) {
        return tryOpen(client, false);
    }

    /** As {@link #tryOpen(InetAddress)}; an {@code exempt} client is held only to the total. */
    public synchronized Verdict tryOpen(InetAddress client, boolean exempt) {
        if (total >= maxTotal) {
            return Verdict.TOO_MANY_TOTAL;
        }
        int fromIp = perIp.getOrDefault(client, 0);
        if (fromIp >= maxPerIp && !exempt) {
            return Verdict.TOO_MANY_FROM_IP;
        }
        perIp.put(client, fromIp + 1);
        total++;
        return Verdict.OK;
    }

    public synchronized void close(InetAddress client) {
        Integer fromIp = perIp.get(client);
        if (fromIp == null) {
            return;
        }
        if (fromIp <= 1) {
            perIp.remove(client);
        } else {
            perIp.put(client, fromIp - 1);
        }
        total--;
    }

    public synchronized int total() {
        return total;
    }
}
