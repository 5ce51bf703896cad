package io.postmesh.ingress.api;

import io.postmesh.model.Envelope;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Campaign and lane of a JSON message, written as the header fields the queue service schedules by
 * ({@code X-Postmesh-Campaign}, {@code X-Postmesh-Lane}; see queue's {@code MessageTags}). Refused here when the
 * queue would ignore them, so a typo is an error and not a message on the wrong lane.
 */
final class Tags {
    static final String CAMPAIGN_HEADER = "X-Postmesh-Campaign";
    static final String LANE_HEADER = "X-Postmesh-Lane";
    /** The queue's alphabet: campaign names become part of queue names and Redis keys. */
    private static final Pattern CAMPAIGN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Tags() {}

    static void write(MimeMessage message, String campaign, String lane) throws MessagingException {
        if (campaign != null) {
            if (!CAMPAIGN.matcher(campaign).matches()) {
                throw ProblemException.badRequest("campaign", "bad-campaign",
                        "a campaign is 1 to 64 characters of A-Z a-z 0-9 . _ -");
            }
            message.setHeader(CAMPAIGN_HEADER, campaign);
        }
        if (lane != null) {
            String l = lane.toLowerCase(Locale.ROOT);
            if (!l.equals(Envelope.LANE_TRANSACTIONAL) && !l.equals(Envelope.LANE_BULK)) {
                throw ProblemException.badRequest("lane", "bad-lane", "lane is transactional or bulk");
            }
            message.setHeader(LANE_HEADER, l);
        }
    }
}
