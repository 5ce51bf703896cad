package io.postmesh.bounce.suppression;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The suppression list over HTTP ({@code /v1/suppressions}), for operators and tenants' own unsubscribe
 * handling. Entries written here are the same Redis entries bounces and complaints write, so the queue
 * service honours them at once. Blocking methods: RESTEasy Reactive runs them on worker threads.
 */
@Path("/v1/suppressions/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
public class SuppressionResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final SuppressionStore store;

    public SuppressionResource(SuppressionStore store) {
        this.store = store;
    }

    /** Body of PUT: a reason (required) and an optional ISO-8601 duration ({@code "P30D"}) after which it expires. */
    public record PutRequest(String reason, String ttl) {}

    @GET
    public Response list(@PathParam("tenant") String tenant, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor) {
        if (!MailboxNames.validTenant(tenant)) {
            return error("invalid tenant");
        }
        int n;
        try {
            n = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            return error("limit must be a number");
        }
        if (n < 1 || n > MAX_LIMIT) {
            return error("limit must be between 1 and " + MAX_LIMIT);
        }
        String from = cursor == null || cursor.isEmpty() ? "0" : cursor;
        if (!from.matches("[0-9]{1,20}(:[0-9]{1,6})?")) {
            return error("invalid cursor");
        }
        return Response.ok(store.list(tenant, from, n)).build();
    }

    @GET
    @Path("/{address}")
    public Response get(@PathParam("tenant") String tenant, @PathParam("address") String address) {
        Optional<String> mailbox = MailboxNames.normalize(address);
        if (!MailboxNames.validTenant(tenant) || mailbox.isEmpty()) {
            return error("invalid tenant or address");
        }
        return store.get(tenant, mailbox.get()).map(s -> Response.ok(s).build())
                .orElseGet(() -> notFound(mailbox.get()));
    }

    @PUT
    @Path("/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("tenant") String tenant, @PathParam("address") String address, PutRequest body) {
        Optional<String> mailbox = MailboxNames.normalize(address);
        if (!MailboxNames.validTenant(tenant) || mailbox.isEmpty()) {
            return error("invalid tenant or address");
        }
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            return error("reason is required");
        }
        Optional<Duration> ttl;
        try {
            ttl = body.ttl() == null ? Optional.empty() : Optional.of(Duration.parse(body.ttl()));
        } catch (DateTimeParseException e) {
            return error("ttl must be an ISO-8601 duration such as P30D");
        }
        if (ttl.isPresent() && (ttl.get().isNegative() || ttl.get().isZero())) {
            return error("ttl must be positive");
        }
        String reason = SuppressionPolicy.clean(body.reason());
        boolean created = store.add(tenant, mailbox.get(), reason, ttl);
        // A TTL of a few milliseconds may have run out already; the answer still says what was written.
        Suppression entry = store.get(tenant, mailbox.get())
                .orElse(new Suppression(mailbox.get(), reason, null, null));
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(entry).build();
    }

    @DELETE
    @Path("/{address}")
    public Response delete(@PathParam("tenant") String tenant, @PathParam("address") String address) {
        Optional<String> mailbox = MailboxNames.normalize(address);
        if (!MailboxNames.validTenant(tenant) || mailbox.isEmpty()) {
            return error("invalid tenant or address");
        }
        return store.remove(tenant, mailbox.get()) ? Response.noContent().build() : notFound(mailbox.get());
    }

    private static Response error(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", message)).build();
    }

    private static Response notFound(String address) {
        return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", address + " is not suppressed"))
                .build();
    }
}
