package io.postmesh.delivery.capture;

import io.postmesh.delivery.config.DeliveryConfig;
import io.postmesh.model.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The capture inbox: {@code GET /api/messages} (newest first), {@code GET /api/messages/{id}} and
 * {@code DELETE /api/messages}, on its own HTTP server at {@code postmesh.delivery.capture.bind:port}
 * (like MailHog's port 8025), apart from the Quarkus HTTP port with health and metrics. Started only in
 * capture mode.
 */
@ApplicationScoped
public class CaptureInbox {
    private static final Logger LOG = Logger.getLogger(CaptureInbox.class);

    @Inject
    Vertx vertx;

    @Inject
    DeliveryConfig config;

    @Inject
    CaptureStore store;

    private HttpServer server;

    void start(@Observes StartupEvent event) throws Exception {
        if (config.mode() != DeliveryConfig.Mode.CAPTURE) {
            return;
        }
        Router router = Router.router(vertx);
        router.get("/api/messages").handler(ctx -> respond(ctx, store.list()));
        router.get("/api/messages/:id").handler(ctx -> store.get(ctx.pathParam("id")).subscribe().with(
                found -> found.ifPresentOrElse(m -> json(ctx, 200, Json.write(m)),
                        () -> json(ctx, 404, "{\"error\":\"no such message\"}".getBytes())),
                error -> fail(ctx, error)));
        router.delete("/api/messages").handler(ctx -> store.clear().subscribe().with(
                v -> ctx.response().setStatusCode(204).end(), error -> fail(ctx, error)));
        // Waiting here makes a taken port fail the start instead of leaving a service without its inbox.
        server = vertx.createHttpServer().requestHandler(router)
                .listen(config.capture().port(), config.capture().bind())
                .toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(30).toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
        LOG.infof("capture inbox on http://%s:%d/api/messages", config.capture().bind(), server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }

    private static void respond(RoutingContext ctx, Uni<?> result) {
        result.subscribe().with(value -> json(ctx, 200, Json.write(value)), error -> fail(ctx, error));
    }

    private static void json(RoutingContext ctx, int status, byte[] body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(Buffer.buffer(body));
    }

    private static void fail(RoutingContext ctx, Throwable error) {
        LOG.warn("capture inbox request failed", error);
        ctx.response().setStatusCode(503).end();
    }
}
