package io.postmesh.delivery.shaping;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message rate such as {@code "20/s"}, {@code "1000/h"} or {@code "100/m burst 10"}: at most {@code limit}
 * messages per {@code period}, paced evenly (one every period/limit) with up to {@code burst} at once. Enforced
 * as a generic cell rate algorithm in Redis ({@code acquire-message.lua}): in any window of one period at most
 * {@code limit + burst - 1} messages pass, exactly {@code limit} with the default burst of 1.
 */
public record ThrottleSpec(long limit, Duration period, long burst) {
    private static final Pattern SPEC = Pattern.compile(
            "(\\d{1,12})\\s*/\\s*(s|sec|second|m|min|minute|h|hr|hour|d|day)(?:\\s+burst\\s+(\\d{1,9}))?");

    public ThrottleSpec {
        if (limit < 1 || burst < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate needs a positive limit, period and burst");
        }
    }

    /** Parses {@code N/unit} with unit s, m, h or d (or their long names) and an optional {@code burst B}. */
    public static ThrottleSpec parse(String text) {
        Matcher m = SPEC.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate like 20/s, 1000/h or 100/m burst 10: " + text);
        }
        Duration period = switch (m.group(2).charAt(0)) {
            case 's' -> Duration.ofSeconds(1);
            case 'm' -> Duration.ofMinutes(1);
            case 'h' -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        return new ThrottleSpec(Long.parseLong(m.group(1)), period, m.group(3) == null ? 1 : Long.parseLong(m.group(3)));
    }

    @Override
    public String toString() {
        String unit = switch ((int) period.toSeconds()) {
            case 1 -> "s";
            case 60 -> "m";
            case 3600 -> "h";
            default -> "d";
        };
        return limit + "/" + unit + (burst > 1 ? " burst " + burst : "");
    }
}
