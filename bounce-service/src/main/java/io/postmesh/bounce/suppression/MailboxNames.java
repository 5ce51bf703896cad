package io.postmesh.bounce.suppression;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The form addresses take as suppression-list fields: an RFC 5321 mailbox ({@code local@domain}) in lower
 * case, so the queue service finds it whatever case the sender used. Anything else is refused: the list is
 * written from remote reports and from the API, and a garbage field would never match a recipient.
 */
public final class MailboxNames {
    // RFC 5321 §4.5.3.1: local part ≤ 64 octets, path ≤ 256; no spaces, controls or angle brackets in our fields.
    private static final Pattern MAILBOX = Pattern.compile("[^\\s<>@\\p{Cntrl}]{1,64}@[a-z0-9.\\[\\]:_-]{1,255}");

    private MailboxNames() {}

    /** The normalized address, or empty if {@code raw} is not a usable mailbox. Angle brackets are dropped. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        s = s.toLowerCase(Locale.ROOT);
        if (s.length() > 254 || !MAILBOX.matcher(s).matches() || s.endsWith(".") || s.contains("@.")) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Whether a tenant name is safe as part of a Redis key ({@code pm:suppression:<tenant>}). */
    public static boolean validTenant(String tenant) {
        return tenant != null && tenant.matches("[A-Za-z0-9._-]{1,64}");
    }
}
