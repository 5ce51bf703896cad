package io.postmesh.queue.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Pure quota arithmetic: the counter periods (UTC day and month, like most ESPs' sending limits) and the
 * verdict for a message given the counts including it.
 */
public final class QuotaPolicy {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

    private QuotaPolicy() {}

    /** What happens to one message. */
    public enum Verdict { ALLOW, DEFER, REJECT }

    /**
     * @param verdict  what to do
     * @param period   {@code daily} or {@code monthly} when over quota, else null
     * @param resumeAt when the exhausted period ends (the next UTC midnight or first of the month), else null
     */
    public record Decision(Verdict verdict, String period, Instant resumeAt) {
        public static final Decision ALLOW_ALL = new Decision(Verdict.ALLOW, null, null);
    }

    public static String dayKey(String tenant, Instant now) {
        return "pm:quota:" + tenant + ":d:" + DAY.format(now);
    }

    public static String monthKey(String tenant, Instant now) {
        return "pm:quota:" + tenant + ":m:" + MONTH.format(now);
    }

    /**
     * The verdict for a message that made the day's count {@code day} and the month's count {@code month}
     * (both including it). The monthly limit is checked first: when both are exhausted, the later end wins.
     */
    public static Decision decide(Long dailyLimit, Long monthlyLimit, long day, long month, boolean reject,
                                  Instant now) {
        Verdict over = reject ? Verdict.REJECT : Verdict.DEFER;
        if (monthlyLimit != null && month > monthlyLimit) {
            return new Decision(over, "monthly", startOfNextMonth(now));
        }
        if (dailyLimit != null && day > dailyLimit) {
            return new Decision(over, "daily", startOfNextDay(now));
        }
        return Decision.ALLOW_ALL;
    }

    static Instant startOfNextDay(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static Instant startOfNextMonth(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
