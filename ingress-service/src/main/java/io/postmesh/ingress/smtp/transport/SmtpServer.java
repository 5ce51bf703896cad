package io.postmesh.ingress.smtp.transport;

import io.postmesh.ingress.auth.SmtpAuthenticator;
import io.postmesh.ingress.config.IngressConfig;
import io.postmesh.ingress.handoff.InboundHandoff;
import io.postmesh.ingress.limits.ConnectionCounter;
import io.postmesh.ingress.limits.LimitsConfig;
import io.postmesh.ingress.limits.TenantRateLimiter;
import io.postmesh.ingress.policy.RelayPolicy;
import io.postmesh.ingress.smtp.protocol.Replies;
import io.postmesh.ingress.smtp.protocol.Reply;
import io.postmesh.ingress.smtp.protocol.SessionSettings;
import io.postmesh.ingress.smtp.protocol.SmtpSession;
import io.postmesh.ingress.telemetry.IngressTelemetry;
import io.postmesh.ingress.telemetry.SessionObserver;
import io.postmesh.model.QueueIds;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PfxOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Starts the SMTP listeners at boot: relay/MX ({@code postmesh.ingress.smtp.port}, STARTTLS when a key
 * store is configured), submission with STARTTLS ({@code submission.port}) and implicit TLS
 * ({@code smtps.port}, RFC 8314). Without a key store only the relay listener runs. Accepted mail goes to
 * {@link InboundHandoff}; nothing here reads or writes Kafka itself.
 *
 * <p>On shutdown the listeners drain ({@link SessionDrain}) before they close: new connections and idle sessions
 * get 421 4.3.2, a message being received finishes and gets its reply, for at most
 * {@code postmesh.ingress.drain-timeout}. The observer of {@link ShutdownEvent} runs before the application's beans
 * (the Kafka producer among them) are disposed, so every hand-off that started can still complete.
 */
@ApplicationScoped
public class SmtpServer {
    private static final Logger LOG = Logger.getLogger(SmtpServer.class);

    @Inject
    Vertx vertx;

    @Inject
    IngressConfig config;

    @Inject
    InboundHandoff handoff;

    @Inject
    SmtpAuthenticator authenticator;

    @Inject
    LimitsConfig limits;

    @Inject
    TenantRateLimiter rates;

    @Inject
    IngressTelemetry telemetry;

    private ConnectionCounter connections;
    private volatile SessionDrain drain;
    private volatile boolean listening;

    private final List<NetServer> servers = new ArrayList<>();
    private RelayPolicy policy;

    void start(@Observes StartupEvent event) throws Exception {
        connections = new ConnectionCounter(limits.maxConnections(), limits.maxConnectionsPerIp());
        drain = new SessionDrain(config.hostname());
        policy = RelayPolicy.fromConfig(config.relayDomains().orElse(List.of()), config.bounceDomain(),
                config.trustedNetworks());
        Optional<PfxOptions> keyStore = config.tls().keystore()
                .map(path -> new PfxOptions().setPath(path).setPassword(config.tls().keystorePassword()));
        // The TLS mode is what a listener is for: relay/MX offers STARTTLS when there is a certificate,
        // submission needs STARTTLS, smtps is implicit TLS (RFC 8314); address, port, PROXY protocol, AUTH
        // requirement and greeting delay are set per listener.
        listen("relay", config.smtp().address().orElse(config.bind()), config.smtp().port(),
                config.smtp().proxyProtocol(), keyStore, false, config.smtp().authRequired(),
                config.smtp().greetingDelay().orElse(limits.greetingDelay()));
        if (keyStore.isPresent()) {
            listen("submission", config.submission().address().orElse(config.bind()), config.submission().port(),
                    config.submission().proxyProtocol(), keyStore, false, config.submission().authRequired(),
                    config.submission().greetingDelay());
            listen("smtps", config.smtps().address().orElse(config.bind()), config.smtps().port(),
                    config.smtps().proxyProtocol(), keyStore, true, config.smtps().authRequired(),
                    config.smtps().greetingDelay());
        } else {
            LOG.info("No TLS key store configured (postmesh.ingress.tls.keystore): only the relay listener runs,"
                    + " without STARTTLS; submission and smtps are off");
        }
        listening = true;
    }

    /** Whether the listeners take new sessions: started and not draining (the readiness check reports it). */
    public boolean accepting() {
        return listening && !draining();
    }

    /** Whether the drain has started (shutdown). */
    public boolean draining() {
        SessionDrain current = drain;
        return current != null && current.draining();
    }

    /** Open SMTP connections over all listeners. */
    public int openSessions() {
        SessionDrain current = drain;
        return current == null ? 0 : current.open();
    }

    /**
     * Starts the drain without waiting: from now on new connections get 421 4.3.2 and open sessions end as
     * {@link io.postmesh.ingress.smtp.protocol.DrainPolicy} says. Completes when the last session has ended.
     */
    public CompletionStage<Void> startDrain() {
        return drain.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (drain != null) {
            drainAndClose(config.drainTimeout());
        }
    }

    /**
     * Drains (RFC 5321 §3.8), waits up to {@code timeout} for the sessions to end, then closes the listeners, which
     * cuts whatever is still open: a client cut off in DATA got no 250 and sends the message again. Blocks; runs
     * on the shutdown thread, never on an event loop.
     */
    public void drainAndClose(Duration timeout) {
        long begin = System.nanoTime();
        int open = drain.open();
        if (!drain.draining()) {
            LOG.infof("Draining %d SMTP session(s) for at most %d ms", open, timeout.toMillis());
        }
        try {
            startDrain().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("SMTP sessions drained in %d ms", (System.nanoTime() - begin) / 1_000_000);
        } catch (TimeoutException e) {
            LOG.warnf("Drain timeout (%d ms): closing %d SMTP session(s) still open", timeout.toMillis(), drain.open());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("SMTP drain failed; closing the listeners", e);
        }
        closeServers();
        awaitCutSessions();
    }

    /**
     * Closing a listener cuts its connections, but their close handlers run afterwards on their event loops; wait
     * briefly for them so that, when this returns, no session is still counted as open.
     */
    private void awaitCutSessions() {
        try {
            drain.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("%d SMTP session(s) still open after the listeners closed", drain.open());
        }
    }

    private synchronized void closeServers() {
        listening = false;
        for (NetServer server : servers) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debugf("closing an SMTP listener: %s", e.toString());
            }
        }
        servers.clear();
    }

    private void listen(String name, String address, int port, boolean proxyProtocol, Optional<PfxOptions> keyStore,
                        boolean implicitTls, boolean authRequired, Duration greetingDelay) throws Exception {
        NetServerOptions options = new NetServerOptions()
                .setHost(address)
                .setPort(port)
                .setSsl(implicitTls)
                // Vert.x reads the PROXY header (v1 or v2, netty-codec-haproxy) before the connect handler runs
                // and reports the proxied client as the socket's remote address.
                .setUseProxyProtocol(proxyProtocol);
        keyStore.ifPresent(options::setKeyCertOptions);
        boolean tlsAvailable = keyStore.isPresent();
        NetServer server = vertx.createNetServer(options);
        server.connectHandler(socket -> accept(name, socket, tlsAvailable, implicitTls, authRequired, greetingDelay));
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        servers.add(server);
        LOG.infof("SMTP %s listener on %s:%d (%s%s%s%s)", name, address, server.actualPort(),
                implicitTls ? "implicit TLS" : tlsAvailable ? "STARTTLS" : "plain",
                proxyProtocol ? ", PROXY protocol" : "", authRequired ? ", AUTH required" : "",
                greetingDelay.isZero() ? "" : ", greeting delay " + greetingDelay.toMillis() + " ms");
    }

    private void accept(String listener, NetSocket socket, boolean tlsAvailable, boolean implicitTls,
                        boolean authRequired, Duration greetingDelay) {
        if (drain.draining()) {
            // RFC 5321 §3.1: a server that cannot serve may answer the connection with 421 instead of 220.
            socket.write(drain.shuttingDown().wire()).onComplete(ar -> socket.close());
            return;
        }
        InetAddress client;
        try {
            // A numeric address: no name lookup happens here.
            client = InetAddress.getByName(socket.remoteAddress().hostAddress());
        } catch (UnknownHostException e) {
            socket.close();
            return;
        }
        ConnectionCounter.Verdict verdict = connections.tryOpen(client, policy.trusted(client));
        if (verdict != ConnectionCounter.Verdict.OK) {
            // Shed at once, before any session state exists: established sessions are not slowed down.
            Reply refusal = verdict == ConnectionCounter.Verdict.TOO_MANY_TOTAL
                    ? Replies.TOO_MANY_CONNECTIONS : Replies.TOO_MANY_CONNECTIONS_FROM_IP;
            socket.write(refusal.wire()).onComplete(ar -> socket.close());
            return;
        }
        // AUTH is offered wherever TLS is possible (after it); submission requires it (RFC 6409 §4.3).
        SessionSettings settings = new SessionSettings(config.hostname(), config.maxMessageSize(),
                limits.maxRecipients(), tlsAvailable, implicitTls, client, tlsAvailable, authRequired,
                limits.maxErrors());
        SmtpSession session = new SmtpSession(settings, policy, Clock.systemUTC(), QueueIds::next, rates::limited);
        SmtpConnection.Limits connectionLimits = new SmtpConnection.Limits(limits.maxCommandLine(),
                limits.commandTimeout(), limits.dataTimeout(), greetingDelay);
        SessionObserver observer = telemetry.observe(listener, client.getHostAddress());
        new SmtpConnection(socket, vertx.getOrCreateContext(), session, handoff, authenticator, rates, observer,
                client, connectionLimits, () -> connections.close(client), drain).start();
    }
}
