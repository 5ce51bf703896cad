package io.postmesh.ingress.api;

import io.postmesh.ingress.admin.AdminConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Provisioning of API keys: {@code POST /v1/admin/api-keys {"tenant": "acme"}} issues a key (shown once),
 * {@code DELETE /v1/admin/api-keys/{keyId}} revokes one. Protected by {@code postmesh.ingress.admin.token}
 * (the token of every ingress admin endpoint) as a bearer token; without that setting the endpoints refuse
 * everything (403), so a deployment that never set a token has no open admin door.
 */
@Path("/v1/admin/api-keys")
@Tag(name = "Admin", description = "Provisioning (admin token)")
@SecurityRequirement(name = "adminToken")
@SecurityScheme(securitySchemeName = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "postmesh.ingress.admin.token")
public class ApiKeysResource {

    @Inject
    ApiKeys keys;

    @Inject
    AdminConfig admin;

    /** The body of a key request. */
    @Schema(name = "ApiKeyRequest")
    public record KeyRequest(@Schema(required = true, examples = "acme") String tenant) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an API key for a tenant", description = "The key is in this reply only; "
            + "only its SHA-256 is stored.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = KeyRequest.class)))
    @APIResponse(responseCode = "201", description = "Issued",
            content = @Content(schema = @Schema(implementation = ApiKeys.IssuedKey.class)))
    @APIResponse(responseCode = "400", description = "Bad tenant name")
    @APIResponse(responseCode = "401", description = "Missing or wrong admin token")
    @APIResponse(responseCode = "403", description = "No admin token is configured")
    public Response issue(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        try {
            checkAdmin(authorization);
            KeyRequest request = JsonBodies.read(JsonBodies.tree(body), KeyRequest.class);
            if (request.tenant() == null || !ApiKeys.TENANT.matcher(request.tenant()).matches()) {
                throw ProblemException.badRequest("tenant", "bad-tenant",
                        "a tenant is 1 to 64 characters of A-Z a-z 0-9 . _ -");
            }
            return ApiResult.of(201, keys.issue(request.tenant()), false).toResponse();
        } catch (ProblemException e) {
            return ApiResult.problem(e).toResponse();
        }
    }

    @DELETE
    @Path("/{keyId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke an API key")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such key")
    public Response revoke(@PathParam("keyId") String keyId,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        try {
            checkAdmin(authorization);
            return keys.revoke(keyId) ? Response.noContent().build() : Response.status(404).build();
        } catch (ProblemException e) {
            return ApiResult.problem(e).toResponse();
        }
    }

    private void checkAdmin(String authorization) {
        String expected = admin.token().filter(t -> !t.isBlank()).orElseThrow(() -> new ProblemException(
                Problem.of(403, null, "admin-disabled", "postmesh.ingress.admin.token is not set")));
        String given = BearerAuth.token(authorization);
        // Constant time: the comparison must not tell an attacker how much of the token was right.
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Problem.of(401, null, "bad-admin-token", "the admin token is not valid"),
                    Map.of("WWW-Authenticate", BearerAuth.CHALLENGE + ", error=\"invalid_token\""));
        }
    }
}
