package io.postmesh.delivery;

import io.postmesh.delivery.capture.CaptureStore;
import io.postmesh.delivery.capture.CaptureTransport;
import io.postmesh.delivery.config.DeliveryConfig;
import io.postmesh.delivery.mx.MxOrdering;
import io.postmesh.delivery.mx.MxResolver;
import io.postmesh.delivery.outcome.DeliveredMarkers;
import io.postmesh.delivery.smtp.client.SmtpDelivery;
import io.postmesh.delivery.smtp.client.SmtpSession;
import io.postmesh.delivery.verp.VerpReversePaths;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ForkJoinPool;

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
    NetClient smtpClient(Vertx vertx, DeliveryConfig config) {
        return vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
    }

    void closeClient(@Disposes NetClient client) {
        client.close();
    }

    @Produces
    @ApplicationScoped
    MailTransport transport(Vertx vertx, DeliveryConfig config, CaptureStore captureStore, NetClient smtpClient) {
        Clock clock = Clock.systemUTC();
        if (config.mode() == DeliveryConfig.Mode.CAPTURE) {
            return new CaptureTransport(captureStore, clock);
        }
        MxResolver resolver = new MxResolver(
                MxResolver.resolverFor(config.dns().server(), config.dns().timeout()),
                new MxOrdering(new SecureRandom()), config.maxMxHosts(), ForkJoinPool.commonPool());
        SmtpSession session = new SmtpSession(vertx, smtpClient, config.heloName(), config.commandTimeout());
        return new MxTransport(vertx, resolver, new SmtpDelivery(session, config.mxPort(), config.maxMxHosts(), clock),
                clock);
    }
}
