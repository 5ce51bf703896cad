package io.postmesh.queue.tracking;

import io.postmesh.queue.control.InvalidRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated campaign report request: tenant, campaign ({@code null} = mail without a campaign), and the
 * window [from, to) as ISO-8601 instants with offset ({@code 2025-04-01T00:00:00Z}, {@code ...+02:00}).
 */
public record ReportQuery(String tenant, String campaign, Instant from, Instant to, List<String> bucketKeys) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** @throws InvalidRequest 400 naming the parameter that is missing or malformed, or a too wide window */
    public static ReportQuery parse(String tenant, String campaign, String from, String to, Duration maxWindow) {
        if (tenant == null || tenant.isBlank()) {
            throw InvalidRequest.badRequest("query parameter 'tenant' is required");
        }
        if (!NAME.matcher(tenant).matches()) {
            throw InvalidRequest.badRequest("'tenant' must be letters, digits, '.', '_' or '-'");
        }
        String c = campaign == null || campaign.isBlank() ? null : campaign;
        if (c != null && !NAME.matcher(c).matches()) {
            throw InvalidRequest.badRequest("'campaign' must be letters, digits, '.', '_' or '-'");
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        try {
            return new ReportQuery(tenant, c, start, end, ReportBuckets.keys(tenant, c, start, end, maxWindow));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.badRequest(e.getMessage());
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw InvalidRequest.badRequest("query parameter '" + name + "' is required (ISO-8601, e.g. 2025-04-01T00:00:00Z)");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidRequest.badRequest("'" + name + "' is not an ISO-8601 date-time with offset: " + value);
        }
    }
}
