package io.postmesh.queue.tracking;

import io.postmesh.model.MailEvent.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Hourly campaign report buckets: Redis hashes {@code pm:report:<tenant>:<campaign or ->:<yyyyMMddHH>} (UTC)
 * whose fields count recipients per outcome. A report window [from, to) covers every hour bucket that
 * starts before {@code to} and ends after {@code from}, so a window inside one hour still reads that hour.
 */
public final class ReportBuckets {
    /** The counters, in the order reports show them. {@code complained} counts COMPLAINED events (feedback loops). */
    public static final List<String> FIELDS = List.of("accepted", "delivered", "deferred", "bounced", "suppressed",
            "complained", "expired");
    public static final String NO_CAMPAIGN = "-";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

    private ReportBuckets() {}

    /** The hash that counts events of this tenant and campaign at this instant. */
    public static String key(String tenant, String campaign, Instant at) {
        return prefix(tenant, campaign) + HOUR.format(at);
    }

    /** The counter an event type increments, or null if reports do not count it. */
    public static String field(EventType type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case DELIVERED -> "delivered";
            case DEFERRED -> "deferred";
            case BOUNCED -> "bounced";
            case SUPPRESSED -> "suppressed";
            case EXPIRED -> "expired";
            case COMPLAINED -> "complained";
            // accepted is counted per recipient when the queue takes the job (see TrackingStore#registerJob):
            // the ACCEPTED event comes from ingress, before the queue has decided the campaign.
            default -> null;
        };
    }

    /**
     * The bucket keys of a window, oldest first.
     *
     * @throws IllegalArgumentException if {@code to} is not after {@code from} or the window exceeds {@code max}
     */
    public static List<String> keys(String tenant, String campaign, Instant from, Instant to, Duration max) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        if (Duration.between(from, to).compareTo(max) > 0) {
            throw new IllegalArgumentException("the window may span at most " + max.toDays() + " days");
        }
        List<String> keys = new ArrayList<>();
        String prefix = prefix(tenant, campaign);
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); hour.isBefore(to); hour = hour.plus(1, ChronoUnit.HOURS)) {
            keys.add(prefix + HOUR.format(hour));
        }
        return keys;
    }

    private static String prefix(String tenant, String campaign) {
        String c = campaign == null || campaign.isBlank() ? NO_CAMPAIGN : campaign;
        return "pm:report:" + tenant + ":" + c + ":";
    }
}
