package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.mx.MxResolution.MxHost;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.pool.ConnectionPool;
import io.postmesh.delivery.pool.DeliveryPermits;
import io.postmesh.delivery.tls.TlsLevel;
import io.postmesh.delivery.tls.TlsPolicy;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.testing.tls.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.PfxOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The SMTP client as the service wires it (pool, opener, TLS clients), on a Vert.x of its own. */
final class ClientHarness implements AutoCloseable {
    static final Egress EGRESS = new Egress("default", null, "client.test");

    final Vertx vertx = Vertx.vertx();
    final SmtpClients clients;
    final ConnectionPool pool;
    final SmtpDelivery delivery;
    final int port;

    /**
     * @param caTrust whether verify mode trusts the test CA (else the JDK's CAs)
     */
    ClientHarness(int port, Duration timeout, int maxConnections, int maxMessages, int maxRecipients,
                  boolean caTrust) {
        this.port = port;
        clients = new SmtpClients(vertx, Duration.ofSeconds(3), caTrust ? new PfxOptions()
                .setPath(TestCertificates.caTrustStore().toString()).setPassword(TestCertificates.PASSWORD) : null);
        pool = new ConnectionPool(vertx, maxConnections, maxMessages, Duration.ofSeconds(30), 100,
                Duration.ofSeconds(30));
        delivery = new SmtpDelivery(((VertxInternal) vertx).createEventLoopContext(), pool,
                new SessionOpener(vertx, clients, timeout), DeliveryPermits.UNLIMITED, 5, maxRecipients,
                Clock.systemUTC());
    }

    ClientHarness(int port, Duration timeout) {
        this(port, timeout, 10, 100, 100, false);
    }

    Attempt deliver(List<MxHost> hosts, TlsLevel tls, Envelope job, byte[] message, String... recipients)
            throws Exception {
        return deliver(new Destination(hosts, port, new TlsPolicy(tls, "test"), EGRESS, null), job, message,
                recipients);
    }

    Attempt deliver(Destination destination, Envelope job, byte[] message, String... recipients) throws Exception {
        return delivery.deliver(destination, job, Arrays.stream(recipients).map(Recipient::of).toList(), message)
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static MxHost host(String name, String ip) {
        try {
            return new MxHost(name, List.of(InetAddress.getByName(ip)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Envelope job() {
        return Envelope.builder().queueId("Q1").reversePath("s@src.test").destination("d.test").build();
    }

    @Override
    public void close() throws Exception {
        clients.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
