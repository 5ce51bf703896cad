package io.postmesh.ingress.limits;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate as written in configuration: {@code 3/min}, {@code 100/s}, {@code 10000/h} (KumoMTA's
 * {@code ThrottleSpec} style). {@code unlimited} (or an empty value) means no limit.
 *
 * @param messages messages allowed per period; also the bucket's capacity (the largest burst)
 * @param period   the time in which an empty bucket refills completely
 */
public record RateSpec(long messages, Duration period) {
    private static final Pattern SPEC = Pattern.compile("(\\d{1,12})\\s*/\\s*([a-z]+)");

    public RateSpec {
        if (messages <= 0 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate needs a positive count and period");
        }
    }

    /** The rate, or null for {@code unlimited}. */
    public static RateSpec parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("unlimited")) {
            return null;
        }
        Matcher m = SPEC.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate (like 100/min): " + text);
        }
        Duration period = switch (m.group(2)) {
            case "s", "sec", "second" -> Duration.ofSeconds(1);
            case "m", "min", "minute" -> Duration.ofMinutes(1);
            case "h", "hour" -> Duration.ofHours(1);
            case "d", "day" -> Duration.ofDays(1);
            default -> throw new IllegalArgumentException("unknown period in rate " + text + " (s, min, h, d)");
        };
        long messages = Long.parseLong(m.group(1));
        if (messages == 0) {
            throw new IllegalArgumentException("a rate of 0 would refuse all mail; use a positive rate: " + text);
        }
        return new RateSpec(messages, period);
    }

    @Override
    public String toString() {
        return messages + "/" + period;
    }
}
