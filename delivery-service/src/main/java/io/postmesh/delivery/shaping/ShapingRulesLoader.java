package io.postmesh.delivery.shaping;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads shaping rules from YAML (jackson-dataformat-yaml; see docs/adr/0022-delivery-traffic-shaping.md): the
 * built-in {@code default-rules.yaml}, then optionally an operator's file on top. Unknown keys are errors, so a
 * misspelt limit fails the start instead of being ignored. Called once at start (file I/O, not on an event loop).
 */
public final class ShapingRulesLoader {
    static final String BUILT_IN = "/io/postmesh/delivery/shaping/default-rules.yaml";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ShapingRulesLoader() {
    }

    /** The built-in rules, with {@code file} (if given) on top. */
    public static ShapingRules load(Optional<Path> file) {
        RulesFile builtIn = read(ShapingRulesLoader.class.getResourceAsStream(BUILT_IN), BUILT_IN);
        if (file.isEmpty()) {
            return toRules(builtIn, new RulesFile(null, null, null));
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            return toRules(builtIn, read(in, file.get().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shaping rules " + file.get(), e);
        }
    }

    /** Rules from YAML text over the built-in ones (for tests and tools). */
    public static ShapingRules parse(String yaml) {
        RulesFile builtIn = read(ShapingRulesLoader.class.getResourceAsStream(BUILT_IN), BUILT_IN);
        try {
            return toRules(builtIn, YAML.readValue(yaml, RulesFile.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("shaping rules are not valid: " + e.getMessage(), e);
        }
    }

    private static RulesFile read(InputStream in, String source) {
        try (in) {
            RulesFile file = YAML.readValue(in, RulesFile.class);
            return file == null ? new RulesFile(null, null, null) : file;
        } catch (IOException e) {
            throw new IllegalArgumentException("shaping rules " + source + " are not valid: " + e.getMessage(), e);
        }
    }

    private static ShapingRules toRules(RulesFile builtIn, RulesFile overlay) {
        SiteLimits defaults = limits(overlay.defaults(), limits(builtIn.defaults(), null));
        List<ProviderEntry> providers = overlay.providers() != null ? overlay.providers() : builtIn.providers();
        List<ProviderRule> rules = providers == null ? List.of() : providers.stream()
                .map(p -> new ProviderRule(p.name() == null ? "" : p.name(), p.mxSuffixes() == null ? List.of() : p.mxSuffixes(),
                        limits(new LimitsEntry(p.maxConnections(), p.messageRates(), p.maxRecipients()), defaults)))
                .toList();
        BackoffEntry b = overlay.backoff() != null ? overlay.backoff() : new BackoffEntry(null, null, null, null);
        BackoffEntry base = builtIn.backoff();
        ShapingRules.Backoff backoff = new ShapingRules.Backoff(
                first(b.factor(), base.factor()), first(b.minFactor(), base.minFactor()),
                duration(first(b.duration(), base.duration())), duration(first(b.pause(), base.pause())));
        return new ShapingRules(defaults, rules, backoff);
    }

    private static SiteLimits limits(LimitsEntry entry, SiteLimits inherited) {
        LimitsEntry e = entry != null ? entry : new LimitsEntry(null, null, null);
        return new SiteLimits(
                first(e.maxConnections(), inherited == null ? null : inherited.maxConnections()),
                e.messageRates() != null ? e.messageRates().stream().map(ThrottleSpec::parse).toList()
                        : inherited == null ? List.of() : inherited.messageRates(),
                first(e.maxRecipients(), inherited == null ? null : inherited.maxRecipientsPerTransaction()));
    }

    private static <T> T first(T value, T fallback) {
        if (value == null && fallback == null) {
            throw new IllegalArgumentException("shaping rules: a required value is missing");
        }
        return value != null ? value : fallback;
    }

    /** {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration like 30s, 15m or 2h: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    record RulesFile(@JsonProperty("default") LimitsEntry defaults,
                     @JsonProperty("backoff") BackoffEntry backoff,
                     @JsonProperty("providers") List<ProviderEntry> providers) {}

    record LimitsEntry(@JsonProperty("max-connections") Integer maxConnections,
                       @JsonProperty("message-rates") List<String> messageRates,
                       @JsonProperty("max-recipients-per-transaction") Integer maxRecipients) {}

    record ProviderEntry(@JsonProperty("name") String name,
                         @JsonProperty("mx-suffixes") List<String> mxSuffixes,
                         @JsonProperty("max-connections") Integer maxConnections,
                         @JsonProperty("message-rates") List<String> messageRates,
                         @JsonProperty("max-recipients-per-transaction") Integer maxRecipients) {}

    record BackoffEntry(@JsonProperty("factor") Double factor,
                        @JsonProperty("min-factor") Double minFactor,
                        @JsonProperty("duration") String duration,
                        @JsonProperty("pause") String pause) {}
}
