package io.postmesh.bounce.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the body of a message/delivery-status part (RFC 3464 §2.1): one per-message field group, then one
 * group per recipient, groups separated by blank lines, fields in RFC 5322 header syntax (folded lines
 * continue with white space).
 */
final class DeliveryStatusFields {

    private DeliveryStatusFields() {
    }

    /**
     * The recipients whose Action is {@code failed} or {@code delayed} (§2.3.3); {@code delivered},
     * {@code relayed} and {@code expanded} are positive reports and are skipped. A group without an Action
     * but with a failure Status (4.x.x/5.x.x) is kept, as some MTAs omit the field.
     */
    static List<ParsedBounce> parse(String body) {
        List<Map<String, String>> groups = groups(body);
        List<ParsedBounce> out = new ArrayList<>();
        if (groups.isEmpty()) {
            return out;
        }
        String reportingMta = typed(groups.get(0).get("reporting-mta"));
        for (Map<String, String> g : groups) {
            String recipient = typed(g.get("final-recipient"));
            if (recipient == null) {
                recipient = typed(g.get("original-recipient"));
            }
            if (recipient == null) {
                continue; // the per-message group, or a broken one
            }
            String status = ReplyClassifier.normalize(g.get("status"));
            String action = g.getOrDefault("action", "").trim().toLowerCase(Locale.ROOT);
            boolean counts = action.startsWith("failed") || action.startsWith("delayed")
                    || (action.isEmpty() && status != null && status.charAt(0) != '2');
            if (!counts) {
                continue;
            }
            out.add(new ParsedBounce(stripAngles(recipient), status, typed(g.get("diagnostic-code")),
                    reportingMta, typed(g.get("remote-mta")), action.startsWith("delayed")));
        }
        return out;
    }

    /** Field groups with lower-case names; unfolded values. */
    private static List<Map<String, String>> groups(String body) {
        List<Map<String, String>> groups = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String lastName = null;
        for (String line : body.replace("\r\n", "\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    groups.add(current);
                    current = new LinkedHashMap<>();
                }
                lastName = null;
            } else if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
                current.merge(lastName, " " + line.trim(), String::concat); // §2.1: RFC 5322 folding
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    lastName = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    // The first occurrence wins: a field must not repeat within a group (§2.2, §2.3).
                    current.putIfAbsent(lastName, line.substring(colon + 1).trim());
                }
            }
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /** The value after "type;" (address-type, mta-name-type, diagnostic-type, §2.1.2), trimmed. */
    static String typed(String value) {
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        String v = (semi >= 0 ? value.substring(semi + 1) : value).trim();
        return v.isEmpty() ? null : v;
    }

    private static String stripAngles(String address) {
        String a = address.trim();
        return a.startsWith("<") && a.endsWith(">") ? a.substring(1, a.length() - 1) : a;
    }
}
