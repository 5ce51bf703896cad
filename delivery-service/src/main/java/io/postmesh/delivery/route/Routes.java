package io.postmesh.delivery.route;

import io.postmesh.delivery.smtp.client.Authentication.Credentials;
import io.postmesh.delivery.smtp.client.Egress;
import io.postmesh.delivery.tls.TlsLevel;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, per job, whether it goes by MX or through a smart host (domain route first, then the global one),
 * and which egress pool it leaves from (by tenant). Config errors fail at start-up, not per message.
 */
public final class Routes {
    private final Route global;
    private final Map<String, Route> byDomain = new HashMap<>();
    private final Map<String, Egress> pools = new HashMap<>();
    private final Map<String, String> tenantPools;
    private final Egress defaultEgress;

    /**
     * @param smartHost   the host (null for MX delivery), with its login and TLS level
     * @param credentials AUTH login or null
     * @param tls         TLS level forced by the route, or null for the domain's policy
     */
    public record Route(HostPort smartHost, Credentials credentials, TlsLevel tls) {
        static final Route MX = new Route(null, null, null);
    }

    public Routes(RoutingConfig config, String defaultHeloName) {
        global = config.smartHost().map(h -> route(h, config.username(), config.password(), config.authMechanism(),
                config.tls())).orElse(Route.MX);
        config.domains().forEach((domain, r) -> byDomain.put(domain.toLowerCase(Locale.ROOT), r.smartHost()
                .map(h -> route(h, r.username(), r.password(), r.authMechanism(), r.tls()))
                .orElse(new Route(null, null, r.tls().map(TlsLevel::parse).orElse(null)))));
        defaultEgress = new Egress("default", null, defaultHeloName);
        config.pools().forEach((name, p) -> pools.put(name, new Egress(name, p.sourceAddress().orElse(null),
                p.heloName().orElse(defaultHeloName))));
        tenantPools = Map.copyOf(config.tenantPools());
        tenantPools.forEach((tenant, pool) -> {
            if (!pools.containsKey(pool)) {
                throw new IllegalArgumentException("tenant " + tenant + " uses unknown egress pool " + pool);
            }
        });
    }

    public Route routeFor(String domain) {
        return byDomain.getOrDefault(domain.toLowerCase(Locale.ROOT), global);
    }

    public Egress egressFor(String tenant) {
        String pool = tenant == null ? null : tenantPools.get(tenant);
        return pool == null ? defaultEgress : pools.get(pool);
    }

    private static Route route(String hostPort, Optional<String> user, Optional<String> password, String mechanism,
                               Optional<String> tls) {
        Credentials credentials = user.map(u -> new Credentials(u, password.orElse(""), mechanism)).orElse(null);
        return new Route(HostPort.parse(hostPort), credentials, tls.map(TlsLevel::parse).orElse(null));
    }
}
