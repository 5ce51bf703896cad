package io.postmesh.delivery.mtasts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed MTA-STS policy (RFC 8461 §3.2): its mode, the MX patterns it allows and how long it may be cached.
 *
 * <p>How the transport uses it (RFC 8461 §4, §5): under {@link MtaStsMode#ENFORCE}, an MX host for which
 * {@link #permits} is false must not be used, and a permitted host must be reached over STARTTLS with a
 * certificate valid for the MX host name ({@link #requiresValidatedTls()}); if no MX host qualifies the job is
 * deferred, never sent in cleartext. Under {@link MtaStsMode#TESTING} failures are only reported; under
 * {@link MtaStsMode#NONE} the policy says nothing.
 */
public record MtaStsPolicy(MtaStsMode mode, List<MxPattern> mx, Duration maxAge) {
    /** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
    public static final long MAX_AGE_LIMIT_SECONDS = 31_557_600L;
    private static final Pattern LINE_END = Pattern.compile("\r?\n");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");

    public MtaStsPolicy {
        mx = List.copyOf(mx);
    }

    /** Whether the policy allows delivery to {@code mxHost}; always true in mode none. */
    public boolean permits(String mxHost) {
        return mode == MtaStsMode.NONE || mx.stream().anyMatch(p -> p.matches(mxHost));
    }

    /** True in mode enforce: the MX must present a certificate valid for its name (RFC 8461 §4.2). */
    public boolean requiresValidatedTls() {
        return mode == MtaStsMode.ENFORCE;
    }

    /** Whether a host that fails {@link #permits} or TLS validation must be skipped (not only reported). */
    public boolean enforced() {
        return mode == MtaStsMode.ENFORCE;
    }

    /**
     * Parses a policy body (RFC 8461 §3.2): {@code key: value} lines ended by LF or CRLF; unknown keys are
     * ignored; the first of repeated single-valued keys counts; {@code mx} may repeat.
     *
     * @throws IllegalArgumentException with the reason, when the body is not a valid STSv1 policy
     */
    public static MtaStsPolicy parse(String body) {
        Map<String, String> single = new HashMap<>();
        List<MxPattern> mx = new ArrayList<>();
        for (String line : LINE_END.split(body, -1)) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("policy line without 'key:': " + line);
            }
            String key = line.substring(0, colon).trim();
            // §3.2 ABNF: *WSP after the colon; trailing WSP is not part of the value either.
            String value = line.substring(colon + 1).strip();
            if (key.equals("mx")) {
                mx.add(new MxPattern(value));
            } else {
                single.putIfAbsent(key, value);
            }
        }
        if (!"STSv1".equals(single.get("version"))) {
            throw new IllegalArgumentException("version is not STSv1: " + single.get("version"));
        }
        MtaStsMode mode = MtaStsMode.of(single.getOrDefault("mode", ""))
                .orElseThrow(() -> new IllegalArgumentException("mode is not enforce, testing or none: "
                        + single.get("mode")));
        String maxAge = single.get("max_age");
        if (maxAge == null || !DIGITS.matcher(maxAge).matches()) {
            throw new IllegalArgumentException("max_age is not 1 to 10 digits: " + maxAge);
        }
        if (mx.isEmpty() && mode != MtaStsMode.NONE) {
            throw new IllegalArgumentException("mode " + mode + " without any mx pattern");
        }
        // Values above the limit are clamped rather than refused: the policy itself is usable.
        long seconds = Math.min(Long.parseLong(maxAge), MAX_AGE_LIMIT_SECONDS);
        return new MtaStsPolicy(mode, mx, Duration.ofSeconds(seconds));
    }
}
