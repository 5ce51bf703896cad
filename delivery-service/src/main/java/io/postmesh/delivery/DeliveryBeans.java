package io.postmesh.delivery;

import io.postmesh.delivery.capture.CaptureStore;
import io.postmesh.delivery.capture.CaptureTransport;
import io.postmesh.delivery.config.DeliveryConfig;
import io.postmesh.delivery.mtasts.MtaStsPolicies;
import io.postmesh.delivery.mtasts.MtaStsTlsPolicies;
import io.postmesh.delivery.mx.MxOrdering;
import io.postmesh.delivery.mx.MxResolver;
import io.postmesh.delivery.outcome.DeliveredMarkers;
import io.postmesh.delivery.pool.ConnectionPool;
import io.postmesh.delivery.pool.DeliveryPermits;
import io.postmesh.delivery.pool.PoolConfig;
import io.postmesh.delivery.route.Routes;
import io.postmesh.delivery.route.RoutingConfig;
import io.postmesh.delivery.smtp.client.SessionOpener;
import io.postmesh.delivery.smtp.client.SmtpClients;
import io.postmesh.delivery.smtp.client.SmtpDelivery;
import io.postmesh.delivery.tls.ConfiguredTlsPolicies;
import io.postmesh.delivery.tls.TlsConfig;
import io.postmesh.delivery.tls.TlsPolicyResolver;
import io.postmesh.delivery.verp.VerpReversePaths;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;
import java.util.Locale;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.security.SecureRandom;
import java.time.Clock;

/** Wires the plain classes of the delivery service from {@link DeliveryConfig}. */
@ApplicationScoped
public class DeliveryBeans {

    @Produces
    @ApplicationScoped
    DeliveredMarkers markers(ReactiveRedisDataSource redis, DeliveryConfig config) {
        return new DeliveredMarkers(redis, config.deliveredMarkerTtl());
    }

    @Produces
    @ApplicationScoped
    VerpReversePaths verp(ReactiveRedisDataSource redis, DeliveryConfig config) {
        DeliveryConfig.Verp verp = config.verp();
        return new VerpReversePaths(redis, verp.enabled(), verp.domain().orElse(null), verp.secret().orElse(null),
                verp.ttl(), new SecureRandom());
    }

    @Produces
    @ApplicationScoped
    CaptureStore captureStore(ReactiveRedisDataSource redis, DeliveryConfig config) {
        return new CaptureStore(redis, config.capture().maxMessages());
    }

    @Produces
    @ApplicationScoped
    SmtpClients smtpClients(Vertx vertx, DeliveryConfig config, TlsConfig tls) {
        return new SmtpClients(vertx, config.connectTimeout(), trust(tls));
    }

    void closeClients(@Disposes SmtpClients clients) {
        clients.close();
    }

    /** The configured per-domain policies with each domain's MTA-STS policy over them (RFC 8461). */
    @Produces
    @ApplicationScoped
    TlsPolicyResolver tlsPolicies(TlsConfig tls, MtaStsPolicies mtaSts) {
        return new MtaStsTlsPolicies(new ConfiguredTlsPolicies(tls.defaultPolicy(), tls.policies()), mtaSts);
    }

    @Produces
    @ApplicationScoped
    MailTransport transport(Vertx vertx, DeliveryConfig config, PoolConfig poolConfig, RoutingConfig routing,
                            CaptureStore captureStore, SmtpClients clients, TlsPolicyResolver tlsPolicies,
                            DeliveryPermits permits) {
        Clock clock = Clock.systemUTC();
        if (config.mode() == DeliveryConfig.Mode.CAPTURE) {
            return new CaptureTransport(captureStore, clock);
        }
        MxResolver resolver = new MxResolver(
                MxResolver.resolverFor(config.dns().server(), config.dns().timeout()),
                new MxOrdering(new SecureRandom()), config.maxMxHosts(), MxResolver.replies());
        // One event-loop context owns every SMTP socket, timer and the pool, so the pool needs no locks.
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        ConnectionPool pool = new ConnectionPool(vertx, poolConfig.maxConnections(),
                poolConfig.reuse() ? poolConfig.maxMessagesPerConnection() : 1, poolConfig.idleTimeout(),
                poolConfig.maxWaiting(), poolConfig.waitTimeout());
        SmtpDelivery smtp = new SmtpDelivery(context, pool, new SessionOpener(vertx, clients, config.commandTimeout()),
                permits, config.maxMxHosts(), poolConfig.maxRecipientsPerTransaction(), clock);
        return new MxTransport(context, resolver, tlsPolicies, new Routes(routing, config.heloName()), smtp,
                config.mxPort(), clock);
    }

    private static TrustOptions trust(TlsConfig tls) {
        if (tls.trustStore().isEmpty()) {
            return null;
        }
        String path = tls.trustStore().get();
        return switch (tls.trustStoreType().toLowerCase(Locale.ROOT)) {
            case "pem" -> new PemTrustOptions().addCertPath(path);
            case "jks" -> new JksOptions().setPath(path).setPassword(tls.trustStorePassword());
            default -> new PfxOptions().setPath(path).setPassword(tls.trustStorePassword());
        };
    }
}
