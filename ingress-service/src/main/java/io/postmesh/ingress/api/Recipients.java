package io.postmesh.ingress.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The envelope recipients of a JSON message: to, cc and bcc, each mailbox once. Pure. */
final class Recipients {
    private Recipients() {}

    /**
     * Each mailbox once, first occurrence kept. Domains compare without case (RFC 5321 §2.4); local parts are
     * compared exactly, since only the receiving host may decide they are equal.
     */
    @SafeVarargs
    static List<String> unique(List<MailboxSpec>... lists) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (List<MailboxSpec> list : lists) {
            for (MailboxSpec m : list) {
                String key = m.mailbox().localPart() + "@" + m.mailbox().domain().toLowerCase(Locale.ROOT);
                seen.putIfAbsent(key, m.address());
            }
        }
        return new ArrayList<>(seen.values());
    }
}
