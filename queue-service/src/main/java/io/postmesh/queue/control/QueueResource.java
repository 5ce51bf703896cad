package io.postmesh.queue.control;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The queue control API: depth and suspensions, suspend/resume, retry now, purge. Rules are stored in Redis
 * and apply to every replica within {@code postmesh.queue.control.refresh}; to this one at once.
 */
@Path("/v1/queues")
@Tag(name = "queues", description = "Queue depth and operator control")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class QueueResource {

    private final RedisQueueControl control;
    private final RedisQueueDepth depth;

    public QueueResource(RedisQueueControl control, RedisQueueDepth depth) {
        this.control = control;
        this.depth = depth;
    }

    /** A suspension as the API shows it. */
    public record SuspensionView(String tenant, String destination, Instant since, String by, String reason) {}

    /** Queue depth (recipients) per destination, tenant and lane, and the active suspensions. */
    public record QueuesView(Map<String, Long> destinations, Map<String, Long> tenants, Map<String, Long> lanes,
                             List<SuspensionView> suspensions) {}

    /** The answer to resume, retry-now and purge. */
    public record RuleView(String tenant, String destination, String action, Instant at, Boolean wasSuspended) {}

    @GET
    @Operation(summary = "Queue depth and active suspensions",
            description = "Recipients queued per destination, tenant and lane (approximate gauge), and the suspensions in force.")
    public Uni<QueuesView> queues() {
        return control.refresh().chain(snapshot -> depth.read().map(d -> new QueuesView(d.destinations(),
                d.tenants(), d.lanes(), suspensions(snapshot))));
    }

    @POST
    @Path("/suspend")
    @Operation(summary = "Suspend delivery for a tenant and/or destination",
            description = "Jobs of the scope go to mail.hold (with HELD events) instead of a delivery lane until resumed.")
    public Uni<SuspensionView> suspend(ScopeRequest request) {
        RuleScope scope = ScopeRequest.scopeOf(request);
        return control.suspend(scope, request.by(), request.reason())
                .map(rule -> new SuspensionView(scope.tenant(), scope.destination(), rule.since(), rule.by(), rule.reason()));
    }

    @POST
    @Path("/resume")
    @Operation(summary = "Resume delivery for a tenant and/or destination",
            description = "Lifts the suspension of exactly this scope and releases held jobs that no other suspension covers.")
    public Uni<RuleView> resume(ScopeRequest request) {
        RuleScope scope = ScopeRequest.scopeOf(request);
        return control.resume(scope)
                .map(was -> new RuleView(scope.tenant(), scope.destination(), "resume", Instant.now(), was));
    }

    @POST
    @Path("/retry-now")
    @Operation(summary = "Retry deferred mail now",
            description = "Jobs of the scope deferred before now are due at once; held jobs not suspended are released.")
    public Uni<RuleView> retryNow(ScopeRequest request) {
        RuleScope scope = ScopeRequest.scopeOf(request);
        return control.retryNow(scope)
                .map(at -> new RuleView(scope.tenant(), scope.destination(), "retry-now", at, null));
    }

    @POST
    @Path("/purge")
    @Operation(summary = "Purge queued mail",
            description = "Queued jobs of the scope whose message was first seen before now are dropped with PURGED events.")
    public Uni<RuleView> purge(ScopeRequest request) {
        RuleScope scope = ScopeRequest.scopeOf(request);
        return control.purge(scope).map(at -> new RuleView(scope.tenant(), scope.destination(), "purge", at, null));
    }

    /**
     * The JSON reader reports a syntax error as a bare 400; give it the API's error body. Scoped to this
     * resource so other endpoints of the service keep their own error handling.
     */
    @ServerExceptionMapper
    public Response unreadableBody(WebApplicationException e) {
        if (e.getResponse().getStatus() == 400
                && e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return ApiErrors.body(400, "request body is not valid JSON: " + json.getOriginalMessage());
        }
        return e.getResponse();
    }

    private static List<SuspensionView> suspensions(ControlSnapshot snapshot) {
        return snapshot.suspended().entrySet().stream()
                .map(e -> {
                    RuleScope scope = RuleScope.parse(e.getKey());
                    Suspension s = e.getValue();
                    return scope == null ? null
                            : new SuspensionView(scope.tenant(), scope.destination(), s.since(), s.by(), s.reason());
                })
                .filter(v -> v != null)
                .sorted(Comparator.comparing((SuspensionView v) -> String.valueOf(v.tenant()))
                        .thenComparing(v -> String.valueOf(v.destination())))
                .toList();
    }
}
