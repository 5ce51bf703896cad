package io.postmesh.ingress.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which message rate holds for which tenant: {@code postmesh.ingress.limits.tenant-rates."<tenant>"} where
 * set, else {@code default-tenant-rate}; {@code unlimited} (the default) checks nothing. Parsed once at start,
 * so a bad value stops the service instead of surfacing on the first message.
 */
public final class TenantRates {
    private final RateSpec fallback;
    private final Map<String, Optional<RateSpec>> perTenant = new HashMap<>();

    public TenantRates(Map<String, String> tenantRates, Optional<String> defaultRate) {
        this.fallback = defaultRate.map(RateSpec::parse).orElse(null);
        tenantRates.forEach((tenant, spec) -> perTenant.put(unquote(tenant), Optional.ofNullable(RateSpec.parse(spec))));
    }

    /** The tenant's rate, empty when it may send without limit. */
    public Optional<RateSpec> forTenant(String tenant) {
        Optional<RateSpec> own = perTenant.get(tenant);
        return own != null ? own : Optional.ofNullable(fallback);
    }

    /** Whether any message of this tenant needs a check. */
    public boolean limited(String tenant) {
        return forTenant(tenant).isPresent();
    }

    /** A map key may arrive with its quotes ({@code "acme.example"}) when the tenant contains dots. */
    private static String unquote(String key) {
        return key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
    }
}
