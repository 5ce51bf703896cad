package io.postmesh.ingress.dkim;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which key signs a message: the From field's domain (RFC 5322 §3.6.2; the author domain DMARC aligns
 * with), mapped explicitly or else the domain itself or its nearest parent that has a key. Pure.
 */
public final class SigningDomains {
    private final Map<String, SigningKey> keys;
    private final Map<String, String> mapping;

    /** Both maps keyed by lower-case domain. */
    public SigningDomains(Map<String, SigningKey> keys, Map<String, String> mapping) {
        this.keys = Map.copyOf(keys);
        this.mapping = Map.copyOf(mapping);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The key for a message whose From field has this value, if any. */
    public Optional<SigningKey> forFrom(String fromValue) {
        String domain = authorDomain(fromValue);
        if (domain == null) {
            return Optional.empty();
        }
        String mapped = mapping.get(domain);
        if (mapped != null) {
            return Optional.ofNullable(keys.get(mapped.toLowerCase(Locale.ROOT)));
        }
        for (String d = domain; d.contains("."); d = d.substring(d.indexOf('.') + 1)) {
            SigningKey key = keys.get(d);
            if (key != null) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /**
     * The domain of the first mailbox in a From value: {@code "Alice" <alice@Example.COM>} → example.com.
     * Null when there is no address (a group syntax without members, garbage).
     */
    static String authorDomain(String fromValue) {
        String v = fromValue;
        int lt = v.indexOf('<');
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            v = gt > lt ? v.substring(lt + 1, gt) : v.substring(lt + 1);
        } else {
            int comma = v.indexOf(',');
            v = comma >= 0 ? v.substring(0, comma) : v;
            int comment = v.indexOf('(');
            v = comment >= 0 ? v.substring(0, comment) : v;
        }
        int at = v.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String domain = v.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return domain.isEmpty() || !domain.matches("[a-z0-9.-]+") ? null : domain;
    }
}
