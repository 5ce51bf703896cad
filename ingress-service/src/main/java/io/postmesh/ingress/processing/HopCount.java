package io.postmesh.ingress.processing;

import io.postmesh.model.SmtpReply;
import java.util.Optional;

/**
 * Mail-loop detection by counting trace fields (RFC 5321 §6.3: "SMTP servers using this technique SHOULD use
 * a large rejection threshold, normally at least 100 Received entries"). Postfix counts the same way with
 * {@code hopcount_limit}, whose default is 50 (postconf(5)); we follow the RFC's figure by default. The
 * count includes our own Received field, which ingress has already prepended. Pure.
 */
public final class HopCount {
    public static final SmtpReply TOO_MANY_HOPS = new SmtpReply(554, "5.4.6", "Error: too many hops");

    private HopCount() {}

    /** A 554 5.4.6 when the header section holds more than {@code limit} Received fields. */
    public static Optional<SmtpReply> check(HeaderSection headers, int limit) {
        return headers.count("Received") > limit ? Optional.of(TOO_MANY_HOPS) : Optional.empty();
    }
}
