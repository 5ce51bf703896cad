package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.mx.MxResolution.MxHost;
import io.postmesh.delivery.tls.TlsPolicy;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where one job goes and how: the MX hosts in order (or the smart host), their port, the TLS policy, the
 * egress pool and, for a smart host, the login.
 */
public record Destination(List<MxHost> hosts, int port, TlsPolicy tls, Egress egress,
                          Authentication.Credentials credentials) {

    public Destination {
        hosts = List.copyOf(hosts);
    }

    /** The site for shaping: the MX host names, sorted and joined, so domains of one provider share it. */
    public String site() {
        return hosts.stream().map(MxHost::name).sorted().distinct().collect(Collectors.joining(","));
    }
}
