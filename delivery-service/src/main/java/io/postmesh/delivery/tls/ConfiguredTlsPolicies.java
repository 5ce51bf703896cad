package io.postmesh.delivery.tls;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Policies from {@code postmesh.delivery.tls.policies."<domain>"}, else {@code default-policy}. A key
 * {@code .example.test} (leading dot) covers every subdomain, as Postfix's {@code smtp_tls_policy_maps}
 * parent-domain matching does; an exact entry wins over a parent one.
 */
public final class ConfiguredTlsPolicies implements TlsPolicyResolver {
    private final TlsLevel defaultLevel;
    private final Map<String, TlsLevel> byDomain = new HashMap<>();

    public ConfiguredTlsPolicies(TlsLevel defaultLevel, Map<String, String> policies) {
        this.defaultLevel = defaultLevel;
        policies.forEach((domain, level) -> byDomain.put(normalise(domain), TlsLevel.parse(level)));
    }

    /** The configured policy, without going asynchronous. */
    public TlsPolicy lookup(String domain) {
        String name = normalise(domain);
        TlsLevel exact = byDomain.get(name);
        if (exact != null) {
            return new TlsPolicy(exact, "config");
        }
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            TlsLevel parent = byDomain.get(name.substring(dot));
            if (parent != null) {
                return new TlsPolicy(parent, "config");
            }
        }
        return new TlsPolicy(defaultLevel, "default");
    }

    @Override
    public CompletionStage<TlsPolicy> policyFor(String domain) {
        return CompletableFuture.completedFuture(lookup(domain));
    }

    private static String normalise(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
