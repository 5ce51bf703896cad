package io.postmesh.ingress.admin;

import io.postmesh.ingress.auth.CredentialStore;
import io.postmesh.ingress.auth.UserRecord;
import io.postmesh.ingress.auth.Usernames;
import io.postmesh.model.Envelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SMTP AUTH users: {@code POST /v1/admin/users}, {@code GET /v1/admin/users}, {@code DELETE
 * /v1/admin/users/{username}}. Password hashes never leave the store. Blocking (bcrypt, Redis): runs on a
 * worker thread.
 */
@Path("/v1/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "admin: SMTP users")
@SecurityScheme(securitySchemeName = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "postmesh.ingress.admin.token")
@SecurityRequirement(name = "adminToken")
public class AdminUsersResource {

    /** The body of {@code POST}: tenant defaults to {@code default}. */
    public record NewUser(String username, String password, String tenant) {}

    @Inject
    CredentialStore store;

    @Inject
    AdminToken token;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an SMTP AUTH user", description = "The password is stored as a bcrypt hash.")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "400", description = "bad user name, password or tenant")
    @APIResponse(responseCode = "401", description = "missing or wrong admin token")
    @APIResponse(responseCode = "409", description = "the user exists")
    public Response add(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, NewUser body) {
        token.check(authorization);
        if (body == null) {
            throw badRequest("body must be {\"username\", \"password\", \"tenant\"?}");
        }
        String username = Usernames.normalise(body.username());
        if (username == null) {
            throw badRequest("username must be 1-254 printable characters without spaces");
        }
        String problem = Usernames.passwordProblem(body.password());
        if (problem != null) {
            throw badRequest(problem);
        }
        String tenant = body.tenant() == null || body.tenant().isBlank() ? Envelope.DEFAULT_TENANT : body.tenant();
        if (!Usernames.validTenant(tenant)) {
            throw badRequest("tenant must match [a-z0-9][a-z0-9._-]{0,63}");
        }
        UserRecord created = store.add(username, body.password(), tenant).orElseThrow(() ->
                new WebApplicationException(Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON)
                        .entity(Map.of("error", "user exists: " + username)).build()));
        return Response.created(URI.create("/v1/admin/users/" + username)).entity(created).build();
    }

    @GET
    @Operation(summary = "List SMTP AUTH users (without password hashes)")
    @APIResponse(responseCode = "200", description = "the users, by name")
    @APIResponse(responseCode = "401", description = "missing or wrong admin token")
    public List<UserRecord> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        token.check(authorization);
        return store.list();
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Remove an SMTP AUTH user")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "401", description = "missing or wrong admin token")
    @APIResponse(responseCode = "404", description = "no such user")
    public Response remove(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @PathParam("username") String name) {
        token.check(authorization);
        String username = Usernames.normalise(name);
        if (username == null || !store.remove(username)) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "no such user")).build();
        }
        return Response.noContent().build();
    }

    private static WebApplicationException badRequest(String why) {
        return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON).entity(Map.of("error", why)).build());
    }
}
