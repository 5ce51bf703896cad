package io.postmesh.bounce.suppression;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a bounce or complaint suppresses its address, for how long and with which reason. Pure: the
 * soft-bounce count comes from {@link SoftBounceCounter}, the configuration from {@link SuppressionConfig}.
 *
 * <ul>
 *   <li>A hard bounce (RFC 3463 permanent failures such as 5.1.1 "bad destination mailbox") suppresses at once:
 *       sending again can only hurt the sender's reputation.</li>
 *   <li>A soft bounce (e.g. 5.2.2 "mailbox full", a condition that may clear) suppresses only when it is the
 *       {@code soft-threshold}-th within {@code soft-window}, and then only for {@code soft-ttl}.</li>
 *   <li>A complaint (RFC 5965 feedback type abuse, fraud or virus) suppresses at once: the recipient asked
 *       not to get this mail.</li>
 * </ul>
 */
@ApplicationScoped
public class SuppressionPolicy {
    /** Remote text is kept short in reasons: they end up in events and API answers. */
    static final int MAX_REPLY_IN_REASON = 200;

    private final SuppressionConfig config;

    @Inject
    public SuppressionPolicy(SuppressionConfig config) {
        this.config = config;
    }

    /** What to do: {@code suppress} with {@code reason} for {@code ttl} (empty = no expiry), or nothing. */
    public record Decision(boolean suppress, String reason, Optional<Duration> ttl) {
        static final Decision NONE = new Decision(false, null, Optional.empty());
    }

    public Decision hardBounce(String reply) {
        return new Decision(true, "hard bounce: " + clean(reply), config.hardTtl());
    }

    /** @param countInWindow soft bounces of this address within the window, this one included */
    public Decision softBounce(long countInWindow, String reply) {
        if (countInWindow < config.softThreshold()) {
            return Decision.NONE;
        }
        return new Decision(true, "soft bounces: " + countInWindow + " within " + config.softWindow()
                + ", last: " + clean(reply), Optional.of(config.softTtl()));
    }

    /** Only abuse, fraud and virus reports are complaints; "other" and "not-spam" (RFC 6650) are not. */
    public Decision complaint(String feedbackType, String reportingDomain) {
        return new Decision(true, "complaint (" + feedbackType + ") from " + clean(reportingDomain),
                config.complaintTtl());
    }

    public Duration softWindow() {
        return config.softWindow();
    }

    /** Remote text without control characters and non-ASCII, bounded in length. */
    static String clean(String text) {
        if (text == null || text.isBlank()) {
            return "unknown";
        }
        String ascii = text.replaceAll("[^\\x20-\\x7e]", " ").replaceAll(" +", " ").strip();
        return ascii.length() <= MAX_REPLY_IN_REASON ? ascii : ascii.substring(0, MAX_REPLY_IN_REASON) + "...";
    }
}
