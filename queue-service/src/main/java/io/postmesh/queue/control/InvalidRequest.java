package io.postmesh.queue.control;

/** A request the API refuses, with the HTTP status and the message for the JSON error body. */
public class InvalidRequest extends RuntimeException {
    private final int status;

    public InvalidRequest(int status, String message) {
        super(message, null, false, false); // an answer to the caller, not a fault: no stack trace needed
        this.status = status;
    }

    public static InvalidRequest badRequest(String message) {
        return new InvalidRequest(400, message);
    }

    public static InvalidRequest notFound(String message) {
        return new InvalidRequest(404, message);
    }

    public int status() {
        return status;
    }
}
