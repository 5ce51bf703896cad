package io.postmesh.delivery.shaping;

import java.util.List;
import java.util.Locale;

/**
 * A mailbox provider: every domain whose MX hosts end in one of {@code mxSuffixes} belongs to the site
 * {@code provider:<name>} and shares its limits (so the thousands of domains hosted by one provider are
 * shaped as one). Suffixes are compared as names, never resolved: {@code google.com} matches
 * {@code aspmx.l.google.com} and {@code google.com}, not {@code notgoogle.com}.
 */
public record ProviderRule(String name, List<String> mxSuffixes, SiteLimits limits) {

    public ProviderRule {
        mxSuffixes = mxSuffixes.stream().map(ProviderRule::normalizeSuffix).toList();
        if (name.isBlank() || mxSuffixes.isEmpty()) {
            throw new IllegalArgumentException("a provider rule needs a name and at least one mx suffix");
        }
    }

    public boolean matches(String mxHost) {
        String host = SiteResolver.normalizeHost(mxHost);
        return mxSuffixes.stream().anyMatch(s -> host.equals(s) || host.endsWith("." + s));
    }

    private static String normalizeSuffix(String suffix) {
        String s = suffix.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("*.")) {
            s = s.substring(2);
        } else if (s.startsWith(".")) {
            s = s.substring(1);
        }
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
