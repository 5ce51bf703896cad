package io.postmesh.delivery.mtasts;

import java.util.Locale;

/**
 * One {@code mx} value of a policy: a host name, or {@code *.} followed by a domain. RFC 8461 §4.1: the
 * wildcard stands for exactly one leftmost label, so {@code *.example.com} matches {@code mx.example.com} but
 * neither {@code example.com} nor {@code a.b.example.com}. Names compare case-insensitively (RFC 4343) and
 * without a trailing dot.
 */
public record MxPattern(String pattern) {

    public MxPattern {
        pattern = normalize(pattern);
        if (pattern.isEmpty() || pattern.equals("*.") || pattern.indexOf('*', pattern.startsWith("*.") ? 1 : 0) >= 0) {
            throw new IllegalArgumentException("not an MX pattern: " + pattern);
        }
    }

    public boolean matches(String mxHost) {
        String host = normalize(mxHost);
        if (!pattern.startsWith("*.")) {
            return host.equals(pattern);
        }
        String parent = pattern.substring(1); // ".example.com"
        int firstDot = host.indexOf('.');
        return firstDot > 0 && host.substring(firstDot).equals(parent);
    }

    static String normalize(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
