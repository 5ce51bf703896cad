package io.postmesh.ingress.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A reply of the API before it becomes a {@link Response}: what an {@code Idempotency-Key} stores and replays.
 *
 * @param status    HTTP status
 * @param json      the body, already JSON
 * @param mediaType its media type
 * @param headers   extra headers
 * @param remember  whether a repeat with the same {@code Idempotency-Key} gets this reply again (a message was
 *                  handed off); otherwise the key is released and a repeat runs afresh
 */
record ApiResult(int status, String json, String mediaType, Map<String, String> headers, boolean remember) {

    static ApiResult of(int status, Object body, boolean remember) {
        return new ApiResult(status, JsonBodies.write(body), MediaType.APPLICATION_JSON, Map.of(), remember);
    }

    static ApiResult problem(ProblemException e) {
        return new ApiResult(e.problem().status(), JsonBodies.write(e.problem()), Problem.MEDIA_TYPE, e.headers(),
                false);
    }

    Response toResponse() {
        Response.ResponseBuilder r = Response.status(status).entity(json).type(mediaType);
        headers.forEach(r::header);
        return r.build();
    }
}
