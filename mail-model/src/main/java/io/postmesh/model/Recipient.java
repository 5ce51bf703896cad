package io.postmesh.model;

import java.util.Set;

/**
 * One forward path of the envelope with its RFC 3461 parameters.
 *
 * @param address the mailbox as given in RCPT TO, without angle brackets
 * @param notifyOn NOTIFY values (RFC 3461 §4.1); empty means "not given" (the MTA default: FAILURE)
 * @param orcpt   ORCPT value as received, e.g. {@code rfc822;bob@example.test}, or null
 */
public record Recipient(String address, Set<Notify> notifyOn, String orcpt) {

    /** RFC 3461 §4.1 NOTIFY keywords. */
    public enum Notify { NEVER, SUCCESS, FAILURE, DELAY }

    public Recipient {
        notifyOn = notifyOn == null ? Set.of() : Set.copyOf(notifyOn);
    }

    public static Recipient of(String address) {
        return new Recipient(address, Set.of(), null);
    }

    /** The domain part, lower-cased: what MX resolution and scheduling key on. */
    public String domain() {
        return Addresses.domainOf(address);
    }

    /** Whether a DSN should be sent when this recipient fails (RFC 3461: default is FAILURE). */
    public boolean wantsFailureNotice() {
        return notifyOn.isEmpty() || notifyOn.contains(Notify.FAILURE);
    }
}
