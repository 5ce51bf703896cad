package io.postmesh.bounce.webhook;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP webhook receiver on a free 127.0.0.1 port, and the tenants that point at it:
 * {@code wh-flaky} (500 to the first two requests of each CloudEvent id, then 200), {@code wh-down} (always 503),
 * {@code wh-ok} (always 204) and {@code wh-typed} (only DELIVERED and QUOTA_EXCEEDED, always 200).
 */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {
    static final String SECRET = "whsec_integration";

    /** One request as received. */
    record Received(String path, String contentType, String signature, byte[] body) {}

    private static volatile HttpServer server;
    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> FLAKY_COUNTS = new ConcurrentHashMap<>();

    static List<Received> received() {
        return List.copyOf(RECEIVED);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            RECEIVED.add(new Received(path, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst(WebhookSigner.HEADER), body));
            int status = switch (path) {
                // Counted per body: each event of the test gets its own two failures.
                case "/flaky" -> FLAKY_COUNTS.computeIfAbsent(new String(body), k -> new AtomicInteger())
                        .incrementAndGet() <= 2 ? 500 : 200;
                case "/down" -> 503;
                case "/ok" -> 204;
                default -> 200;
            };
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "postmesh.bounce.webhooks.tenants.wh-flaky.url", base + "/flaky",
                "postmesh.bounce.webhooks.tenants.wh-flaky.secret", SECRET,
                "postmesh.bounce.webhooks.tenants.wh-down.url", base + "/down",
                "postmesh.bounce.webhooks.tenants.wh-down.secret", SECRET,
                "postmesh.bounce.webhooks.tenants.wh-ok.url", base + "/ok",
                "postmesh.bounce.webhooks.tenants.wh-ok.secret", SECRET,
                "postmesh.bounce.webhooks.tenants.wh-typed.url", base + "/typed",
                "postmesh.bounce.webhooks.tenants.wh-typed.secret", SECRET,
                "postmesh.bounce.webhooks.tenants.wh-typed.types", "delivered,quota-exceeded");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
