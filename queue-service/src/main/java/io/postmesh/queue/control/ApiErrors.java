package io.postmesh.queue.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns refused requests into {@code {"status": 400, "error": "Bad Request", "message": "..."}} bodies, so a
 * script calling the control API learns what to fix. Also covers request bodies that are not valid JSON.
 */
public class ApiErrors {

    /** The JSON error body. */
    public record ApiError(int status, String error, String message) {}

    @ServerExceptionMapper
    public Response invalid(InvalidRequest e) {
        return body(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return body(400, "request body is not valid JSON: " + e.getOriginalMessage());
    }

    static Response body(int status, String message) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status, known == null ? "Error" : known.getReasonPhrase(), message)).build();
    }
}
