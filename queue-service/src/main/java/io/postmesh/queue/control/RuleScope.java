package io.postmesh.queue.control;

import java.util.Locale;

/**
 * What an operator rule covers: one tenant, one destination, or one tenant's mail to one destination.
 * Stored in Redis as a hash field ({@link #field()}), so the three kinds live side by side in one hash.
 * Destinations are domains and compared lower-case, like the scheduler's jobs.
 */
public record RuleScope(String tenant, String destination) {

    private static final String TENANT = "tenant:";
    private static final String DESTINATION = "destination:";
    private static final String BOTH = "|";

    public RuleScope {
        tenant = blankToNull(tenant);
        destination = blankToNull(destination);
        if (destination != null) {
            destination = destination.toLowerCase(Locale.ROOT);
        }
        if (tenant == null && destination == null) {
            throw new IllegalArgumentException("a rule needs a tenant, a destination or both");
        }
    }

    /** The hash field: {@code tenant:<t>}, {@code destination:<d>} or {@code tenant:<t>|destination:<d>}. */
    public String field() {
        if (destination == null) {
            return TENANT + tenant;
        }
        if (tenant == null) {
            return DESTINATION + destination;
        }
        return TENANT + tenant + BOTH + DESTINATION + destination;
    }

    /** The inverse of {@link #field()}; null for a field this code did not write. */
    public static RuleScope parse(String field) {
        String tenant = null;
        String rest = field;
        if (rest.startsWith(TENANT)) {
            int bar = rest.indexOf(BOTH + DESTINATION);
            tenant = rest.substring(TENANT.length(), bar < 0 ? rest.length() : bar);
            rest = bar < 0 ? "" : rest.substring(bar + BOTH.length());
        }
        String destination = null;
        if (rest.startsWith(DESTINATION)) {
            destination = rest.substring(DESTINATION.length());
        } else if (!rest.isEmpty()) {
            return null;
        }
        try {
            return new RuleScope(tenant, destination);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The fields of every rule that could cover a job of this tenant and destination. */
    public static String[] fieldsCovering(String tenant, String destination) {
        String d = destination == null ? null : destination.toLowerCase(Locale.ROOT);
        if (tenant == null && d == null) {
            return new String[0];
        }
        if (tenant == null || d == null) {
            return new String[] {tenant == null ? DESTINATION + d : TENANT + tenant};
        }
        return new String[] {TENANT + tenant, DESTINATION + d, TENANT + tenant + BOTH + DESTINATION + d};
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
