package io.postmesh.ingress.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error body in the shape of RFC 9457 problem details ({@code application/problem+json}), with two
 * extension members that say exactly what was wrong: the JSON path of the offending input and a short reason.
 *
 * @param type   {@code about:blank}: the status code says enough (RFC 9457 §4.2.1)
 * @param title  the reason phrase of {@code status}
 * @param status the HTTP status code
 * @param detail a sentence for humans
 * @param field  the input at fault, e.g. {@code to[1]}, {@code attachments[0].content}, or absent
 * @param reason a stable machine-readable reason, e.g. {@code bad-address}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, String reason) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String field, String reason, String detail) {
        return new Problem("about:blank", title(status), status, detail, field, reason);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
