package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.tls.TlsLevel;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Vert.x clients sessions connect with, one per source address and TLS mode. Connections start in
 * cleartext ({@code ssl=false}) and are upgraded by STARTTLS with the client's TLS options: trust-all for
 * opportunistic and required TLS (encryption without authentication, RFC 7435 §1), the configured trust
 * store (else the JDK's) plus host-name checking for verify.
 */
public final class SmtpClients implements AutoCloseable {
    private final Vertx vertx;
    private final Duration connectTimeout;
    private final TrustOptions trust;
    private final Map<String, NetClient> clients = new HashMap<>();

    /** @param trust trust store for verify mode, or null for the JDK's default CAs */
    public SmtpClients(Vertx vertx, Duration connectTimeout, TrustOptions trust) {
        this.vertx = vertx;
        this.connectTimeout = connectTimeout;
        this.trust = trust;
    }

    public synchronized NetClient client(String sourceAddress, TlsLevel level) {
        boolean verify = level == TlsLevel.VERIFY;
        return clients.computeIfAbsent(sourceAddress + "/" + verify, k -> {
            NetClientOptions options = new NetClientOptions()
                    .setConnectTimeout((int) connectTimeout.toMillis())
                    .setSsl(false);
            if (sourceAddress != null && !sourceAddress.isBlank()) {
                options.setLocalAddress(sourceAddress);
            }
            if (verify) {
                options.setHostnameVerificationAlgorithm("HTTPS");
                if (trust != null) {
                    options.setTrustOptions(trust);
                }
            } else {
                options.setTrustAll(true).setHostnameVerificationAlgorithm("");
            }
            return vertx.createNetClient(options);
        });
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(NetClient::close);
        clients.clear();
    }
}
