package io.postmesh.ingress.api;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code Authorization: Bearer <token>} header (RFC 6750 §2.1) and the 401 replies that go with it
 * (RFC 6750 §3: {@code WWW-Authenticate}, with {@code error="invalid_token"} when a token was given). Pure.
 */
final class BearerAuth {
    static final String CHALLENGE = "Bearer realm=\"postmesh\"";

    private BearerAuth() {}

    /** The token, or throws 401 when the header is missing or not a bearer token. */
    static String token(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized(CHALLENGE, "missing-credentials", "Authorization: Bearer <api key> is required");
        }
        String a = authorization.strip();
        int space = a.indexOf(' ');
        if (space < 0 || !a.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")
                || a.substring(space + 1).isBlank()) {
            throw unauthorized(CHALLENGE + ", error=\"invalid_request\"", "bad-credentials",
                    "the Authorization header must be: Bearer <api key>");
        }
        return a.substring(space + 1).strip();
    }

    static ProblemException invalidToken() {
        return unauthorized(CHALLENGE + ", error=\"invalid_token\"", "invalid-key", "the API key is not valid");
    }

    private static ProblemException unauthorized(String challenge, String reason, String detail) {
        return new ProblemException(Problem.of(401, null, reason, detail), Map.of("WWW-Authenticate", challenge));
    }
}
