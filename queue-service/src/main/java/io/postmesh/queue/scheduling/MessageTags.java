package io.postmesh.queue.scheduling;

import io.postmesh.model.Envelope;
import io.postmesh.queue.config.SchedulingConfig;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the scheduling tags a sender puts on a message: its campaign ({@code X-Postmesh-Campaign}) and its
 * lane ({@code X-Postmesh-Lane: transactional}), falling back to the tenant's lane and the default lane.
 * Only the header section is looked at (RFC 5322 §2.2: it ends at the first empty line), folded lines are
 * unfolded, the first occurrence wins.
 */
public final class MessageTags {
    /** Campaign names become part of queue names and Redis keys: keep them to a safe alphabet. */
    private static final Pattern CAMPAIGN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private MessageTags() {}

    /** The envelope with the campaign and lane of {@code message} decided. */
    public static Envelope tag(Envelope envelope, byte[] message, SchedulingConfig config) {
        String campaign = header(message, config.campaignHeader())
                .filter(c -> CAMPAIGN.matcher(c).matches())
                .orElse(envelope.campaign());
        String lane = header(message, config.laneHeader())
                .map(l -> l.toLowerCase(Locale.ROOT))
                .filter(l -> l.equals(Envelope.LANE_TRANSACTIONAL) || l.equals(Envelope.LANE_BULK))
                .or(() -> Optional.ofNullable(config.tenantLanes().get(envelope.tenant())))
                .orElse(config.defaultLane());
        return envelope.withCampaignAndLane(campaign, lane);
    }

    /** The unfolded, trimmed value of the first header field called {@code name}, if any. */
    static Optional<String> header(byte[] message, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        int pos = 0;
        String found = null;
        while (pos < message.length) {
            int end = lineEnd(message, pos);
            if (end == pos) {
                break; // empty line: end of the header section
            }
            String line = new String(message, pos, end - pos, StandardCharsets.ISO_8859_1);
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (found != null) {
                if (!continuation) {
                    break;
                }
                found = found + " " + line.strip();
            } else if (!continuation && line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                found = line.substring(prefix.length()).strip();
            }
            pos = next(message, end);
        }
        return Optional.ofNullable(found).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static int lineEnd(byte[] m, int from) {
        int i = from;
        while (i < m.length && m[i] != '\r' && m[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int next(byte[] m, int end) {
        if (end < m.length && m[end] == '\r') {
            end++;
        }
        if (end < m.length && m[end] == '\n') {
            end++;
        }
        return end;
    }
}
