package io.postmesh.delivery.mx;

import java.net.InetAddress;
import java.util.List;

/** Where a domain's mail goes: MX hosts in the order to try them, or why there is nowhere to go. */
public sealed interface MxResolution {

    /** One MX host with its addresses (A first, then AAAA). */
    record MxHost(String name, List<InetAddress> addresses) {
        public MxHost {
            addresses = List.copyOf(addresses);
        }
    }

    /** Hosts to try, best first; never empty. */
    record Hosts(List<MxHost> hosts) implements MxResolution {
        public Hosts {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("no hosts");
            }
        }
    }

    /**
     * No delivery possible now.
     *
     * @param permanent whether retrying can help (NXDOMAIN, null MX) or not (SERVFAIL, timeout)
     * @param status    RFC 3463 enhanced status code
     * @param text      explanation naming the domain and the DNS answer
     */
    record Failure(boolean permanent, String status, String text) implements MxResolution {
        public static Failure temporary(String status, String text) {
            return new Failure(false, status, text);
        }

        public static Failure permanent(String status, String text) {
            return new Failure(true, status, text);
        }
    }
}
