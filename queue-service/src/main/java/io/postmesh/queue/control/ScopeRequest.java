package io.postmesh.queue.control;

import java.util.regex.Pattern;

/**
 * Body of {@code POST /v1/queues/{suspend,resume,retry-now,purge}}: the tenant, the destination or both
 * that the rule covers; {@code by} and {@code reason} are kept with a suspension for the next operator.
 */
public record ScopeRequest(String tenant, String destination, String by, String reason) {
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    // A domain name (or [address literal]) as jobs carry it; no ':' or '|', which the rule fields use.
    private static final Pattern DESTINATION = Pattern.compile(
            "([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\\.?|\\[[0-9A-Fa-f.]+])");
    private static final int MAX_TEXT = 500;

    /**
     * The scope of the rule.
     *
     * @throws InvalidRequest 400 when the body is missing, names neither tenant nor destination, or either is malformed
     */
    public static RuleScope scopeOf(ScopeRequest request) {
        if (request == null) {
            throw InvalidRequest.badRequest("a JSON body with \"tenant\" and/or \"destination\" is required");
        }
        String tenant = blankToNull(request.tenant());
        String destination = blankToNull(request.destination());
        if (tenant == null && destination == null) {
            throw InvalidRequest.badRequest("give \"tenant\", \"destination\" or both");
        }
        if (tenant != null && !TENANT.matcher(tenant).matches()) {
            throw InvalidRequest.badRequest("\"tenant\" must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (destination != null && (destination.length() > 255 || !DESTINATION.matcher(destination).matches())) {
            throw InvalidRequest.badRequest("\"destination\" must be a domain name such as example.com");
        }
        if (tooLong(request.by()) || tooLong(request.reason())) {
            throw InvalidRequest.badRequest("\"by\" and \"reason\" may be at most " + MAX_TEXT + " characters");
        }
        return new RuleScope(tenant, destination);
    }

    private static boolean tooLong(String text) {
        return text != null && text.length() > MAX_TEXT;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
