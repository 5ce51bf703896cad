package io.postmesh.delivery.route;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * Smart hosts and egress pools ({@code postmesh.delivery.routing.*}). Without a smart host, mail goes by MX.
 * <pre>
 * postmesh.delivery.routing.smart-host=relay.provider.test:587         # every domain
 * postmesh.delivery.routing.domains."corp.test".smart-host=10.0.0.5:25  # one domain (wins)
 * postmesh.delivery.routing.domains."corp.test".username=...  .password=...  .auth-mechanism=login  .tls=verify
 * postmesh.delivery.routing.pools."bulk".source-address=192.0.2.10     .helo-name=bulk.example.test
 * postmesh.delivery.routing.tenant-pools."acme"=bulk
 * </pre>
 */
@ConfigMapping(prefix = "postmesh.delivery.routing")
public interface RoutingConfig {

    /** Global smart host {@code host:port} for every domain without its own route. */
    Optional<String> smartHost();

    Optional<String> username();

    Optional<String> password();

    /** {@code plain} or {@code login}. */
    @WithDefault("plain")
    String authMechanism();

    /** TLS level towards the global smart host; empty: the domain's policy. */
    Optional<String> tls();

    Map<String, DomainRoute> domains();

    /** Egress pools by name: source address and EHLO name. */
    Map<String, Pool> pools();

    /** Tenant → egress pool name; other tenants use the default pool (no source address, {@code helo-name}). */
    Map<String, String> tenantPools();

    interface DomainRoute {
        Optional<String> smartHost();

        Optional<String> username();

        Optional<String> password();

        @WithDefault("plain")
        String authMechanism();

        Optional<String> tls();
    }

    interface Pool {
        Optional<String> sourceAddress();

        Optional<String> heloName();
    }
}
