package io.postmesh.delivery.shaping;

import java.time.Duration;

/**
 * What {@link Shaper#onReply} made of a reply.
 *
 * @param throttled  the reply was a throttling reply: stop sending to this site (close the connection after
 *                   QUIT) and defer its remaining jobs by at least {@code deferFor}; other sites are unaffected
 * @param rateFactor when throttled, the multiplier now applied to the site's rates; 1.0 otherwise (not looked up)
 * @param deferFor   the site's pause; zero when not throttled
 */
public record ReplyFeedback(boolean throttled, double rateFactor, Duration deferFor) {
    static final ReplyFeedback NOT_THROTTLED = new ReplyFeedback(false, 1.0, Duration.ZERO);
}
