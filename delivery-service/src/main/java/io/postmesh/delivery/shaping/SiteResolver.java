package io.postmesh.delivery.shaping;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Maps the MX hosts of a destination to its {@link Site}: the first provider rule that matches any of the hosts
 * (a domain with a provider's MX and its own backup MX is still the provider's), else the sorted set of MX hosts
 * itself, so domains that share exactly the same MX hosts share limits (KumoMTA's "site name").
 */
public final class SiteResolver {
    private final ShapingRules rules;

    public SiteResolver(ShapingRules rules) {
        this.rules = rules;
    }

    public Site siteFor(List<String> mxHosts) {
        for (ProviderRule provider : rules.providers()) {
            if (mxHosts.stream().anyMatch(provider::matches)) {
                return new Site("provider:" + provider.name(), provider.limits());
            }
        }
        TreeSet<String> sorted = new TreeSet<>();
        mxHosts.forEach(h -> sorted.add(normalizeHost(h)));
        return new Site("mx:" + String.join(",", sorted), rules.defaults());
    }

    static String normalizeHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
