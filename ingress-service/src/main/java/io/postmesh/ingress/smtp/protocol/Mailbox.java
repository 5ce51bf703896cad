package io.postmesh.ingress.smtp.protocol;

import java.util.Locale;

/**
 * An RFC 5321 §4.1.2 Mailbox: {@code Local-part "@" (Domain / address-literal)}.
 *
 * @param localPart the local part exactly as written (a Quoted-string keeps its quotes)
 * @param domain    the domain or the address literal (with its brackets)
 */
public record Mailbox(String localPart, String domain) {

    /** The mailbox as used in the envelope, without angle brackets. */
    public String address() {
        return localPart + "@" + domain;
    }

    /** Whether the domain is an address literal such as {@code [192.0.2.1]}. */
    public boolean addressLiteral() {
        return domain.startsWith("[");
    }

    /** The domain in lower case, for comparisons (domains are case-insensitive, RFC 5321 §2.4). */
    public String domainLowerCase() {
        return domain.toLowerCase(Locale.ROOT);
    }

    /** Whether the whole mailbox is ASCII; otherwise it needs SMTPUTF8 (RFC 6531 §3.4). */
    public boolean ascii() {
        String all = address();
        for (int i = 0; i < all.length(); i++) {
            if (all.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return address();
    }
}
