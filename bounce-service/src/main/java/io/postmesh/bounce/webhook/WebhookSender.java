package io.postmesh.bounce.webhook;

import java.net.URI;

/** One webhook request. Implementations throw nothing: every failure is a {@link Response} with an error. */
public interface WebhookSender {

    /** POSTs {@code body} with the given signature header; blocks until a response or a failure. */
    Response post(URI url, byte[] body, String signature);

    /**
     * @param status HTTP status, or 0 when no response was received
     * @param error  what went wrong, for the log and the dead letter; null on success
     */
    record Response(int status, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public static Response of(int status) {
            return new Response(status, status >= 200 && status < 300 ? null : "HTTP " + status);
        }

        public static Response failed(String error) {
            return new Response(0, error);
        }
    }
}
