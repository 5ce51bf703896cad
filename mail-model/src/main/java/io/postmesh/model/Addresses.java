package io.postmesh.model;

import java.util.Locale;

/** Small helpers on RFC 5321 mailbox strings (already parsed and validated by ingress). */
public final class Addresses {
    private Addresses() {}

    /** The domain of {@code local@domain}, lower-cased and without a trailing dot; "" if there is none. */
    public static String domainOf(String mailbox) {
        if (mailbox == null) {
            return "";
        }
        int at = mailbox.lastIndexOf('@');
        if (at < 0 || at == mailbox.length() - 1) {
            return "";
        }
        String domain = mailbox.substring(at + 1).toLowerCase(Locale.ROOT);
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }
}
