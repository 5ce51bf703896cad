package io.postmesh.delivery.mx;

import java.util.Locale;

/**
 * One MX resource record of a domain (RFC 5321 §5.1): a mail exchanger and its preference.
 *
 * @param exchange   host name without the trailing dot, lower-cased; {@code "."} for the root (null MX)
 * @param preference lower is preferred
 */
public record MxRecord(String exchange, int preference) {

    /** The exchange of a null MX record, RFC 7505 §3. */
    public static final String ROOT = ".";

    public MxRecord {
        exchange = normalize(exchange);
    }

    public boolean isNullMx() {
        return ROOT.equals(exchange);
    }

    static String normalize(String name) {
        if (name == null || name.isEmpty() || ROOT.equals(name)) {
            return ROOT;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
