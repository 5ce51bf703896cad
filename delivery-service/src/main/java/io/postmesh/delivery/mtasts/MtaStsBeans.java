package io.postmesh.delivery.mtasts;

import io.postmesh.delivery.config.DeliveryConfig;
import io.quarkus.arc.Unremovable;
import io.postmesh.delivery.mx.CachingDns;
import io.postmesh.delivery.mx.MxResolver;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PfxOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Wires {@link MtaStsPolicies} from {@link MtaStsConfig} and the delivery DNS settings. */
@ApplicationScoped
public class MtaStsBeans {

    // Unremovable: until the transport injects it, ArC would drop the bean and with it the
    // postmesh.delivery.mta-sts.* mapping, and the keys in application.properties would then fail the start.
    @Produces
    @ApplicationScoped
    @Unremovable
    MtaStsPolicies mtaStsPolicies(Vertx vertx, DeliveryConfig delivery, MtaStsConfig config) {
        return create(vertx, delivery.dns().server(), delivery.dns().timeout(), config, Clock.systemUTC());
    }

    /** Also used by tests, which build the service without CDI. */
    public static MtaStsPolicies create(Vertx vertx, Optional<String> dnsServer, Duration dnsTimeout,
            MtaStsConfig config, Clock clock) {
        // The same resolver construction as MX lookups, so one setting points both at the same server; the
        // answers are cached for their TTL, on the same clock as the policies.
        StsDns dns = new StsDns(new CachingDns(MxResolver.resolverFor(dnsServer, dnsTimeout), MxResolver.replies(),
                clock));
        HttpClient client = vertx.createHttpClient(httpsOptions(config));
        PolicyFetcher fetcher = new PolicyFetcher(vertx, client, dns, config.httpsPort(), config.fetchTimeout());
        return new MtaStsPolicies(vertx, dns, fetcher, clock, config.enabled(), config.cacheSize());
    }

    static HttpClientOptions httpsOptions(MtaStsConfig config) {
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(true)
                // RFC 8461 §3.3: the certificate must be valid for mta-sts.<domain>.
                .setVerifyHost(true)
                .setForceSni(true)
                .setMaxRedirects(0)
                .setConnectTimeout((int) config.fetchTimeout().toMillis())
                .setKeepAlive(false);
        config.trustStore().ifPresent(path ->
                options.setTrustOptions(new PfxOptions().setPath(path).setPassword(config.trustStorePassword())));
        return options;
    }
}
