package io.postmesh.ingress.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Checks {@code Authorization: Bearer <token>} on admin requests (RFC 6750); 401 otherwise. */
@ApplicationScoped
public class AdminToken {
    @Inject
    AdminConfig config;

    public void check(String authorization) {
        String expected = config.token().filter(t -> !t.isBlank()).orElse(null);
        if (expected == null) {
            throw unauthorized("admin API disabled: postmesh.ingress.admin.token is not set");
        }
        String prefix = "Bearer ";
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw unauthorized("missing bearer token");
        }
        byte[] given = authorization.substring(prefix.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time: the comparison must not tell how many leading characters were right.
        if (!MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8))) {
            throw unauthorized("invalid token");
        }
    }

    private static WebApplicationException unauthorized(String why) {
        return new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"postmesh-admin\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", why))
                .build());
    }
}
