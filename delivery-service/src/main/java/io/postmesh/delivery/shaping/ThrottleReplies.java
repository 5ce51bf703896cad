package io.postmesh.delivery.shaping;

import io.postmesh.model.SmtpReply;
import java.util.List;
import java.util.Locale;

/**
 * Which remote replies mean "you are sending too much, slow down" and so slow the whole site down:
 * <ul>
 *   <li>{@code 421}: the server is closing the channel (RFC 5321 §3.8, §4.2.3), the usual way providers
 *       refuse connections or messages when a sender is too fast;</li>
 *   <li>a transient reply with enhanced code {@code 4.7.x} (RFC 3463 §3.8, security or policy status), which
 *       providers use for rate limits ({@code 4.7.0}, {@code 4.7.1}, Microsoft's {@code 4.7.500}-range);</li>
 *   <li>a transient reply whose text says so ("rate limit", "throttl", "too many connections"/"messages").</li>
 * </ul>
 * Not throttling: {@code 452 4.5.3} too many recipients (a per-transaction limit the transport handles by
 * sending the rest later) and any other transient failure of one mailbox such as a full mailbox ({@code 4.2.2}).
 */
public final class ThrottleReplies {
    private static final List<String> PHRASES = List.of(
            "rate limit", "ratelimit", "rate-limit", "throttl", "too many connections", "too many messages",
            "too many concurrent", "unusual rate", "sending rate");

    private ThrottleReplies() {
    }

    public static boolean isThrottling(SmtpReply reply) {
        if (reply.code() == 421) {
            return true;
        }
        if (!reply.transientFailure()) {
            return false;
        }
        if (reply.enhanced() != null && reply.enhanced().startsWith("4.7.")) {
            return true;
        }
        String text = reply.text() == null ? "" : reply.text().toLowerCase(Locale.ROOT);
        return PHRASES.stream().anyMatch(text::contains);
    }
}
