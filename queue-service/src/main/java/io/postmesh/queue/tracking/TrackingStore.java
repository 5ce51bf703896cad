package io.postmesh.queue.tracking;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Recipient;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The message tracking index: hash {@code pm:track:<queueId>} with message fields ({@code tenant},
 * {@code campaign}, {@code traceId}, {@code messageId}, {@code acceptedAt}, {@code lane}) and one field
 * {@code rcpt:<address>} per recipient (JSON {@link RecipientState}), expiring {@code retention} after the
 * last write. Events for one queue id share a partition of {@code mail.events}, so one consumer at a time
 * does the read-merge-write of a message.
 */
@ApplicationScoped
public class TrackingStore {
    static final String TRACK = "pm:track:";
    static final String SEEN = "pm:seen:";
    static final String RCPT = "rcpt:";

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keys;
    private final CountOnce counter;
    private final TrackingConfig config;

    public TrackingStore(ReactiveRedisDataSource redis, TrackingConfig config) {
        this.hashes = redis.hash(String.class);
        this.keys = redis.key();
        this.counter = new CountOnce(redis, config.retention(), config.reportRetention());
        this.config = config;
    }

    /**
     * A job entered the queue: its recipients show as {@code accepted} unless an event got there first, the
     * message's lane is remembered (events do not carry it; depth needs it), and the campaign report counts
     * each recipient once as accepted.
     */
    public Uni<Void> registerJob(Envelope job) {
        String key = TRACK + job.queueId();
        Map<String, String> message = new HashMap<>();
        message.put("tenant", job.tenant());
        message.put("lane", job.lane());
        if (job.campaign() != null) {
            message.put("campaign", job.campaign());
        }
        Instant at = job.firstSeen() == null ? Instant.now() : job.firstSeen();
        String reportKey = ReportBuckets.key(job.tenant(), job.campaign(), at);
        List<Uni<Void>> writes = new ArrayList<>();
        writes.add(hashes.hset(key, message).replaceWithVoid());
        for (Recipient r : job.recipients()) {
            RecipientState accepted = new RecipientState(TrackStatus.ACCEPTED, job.attempt(), null, null, at);
            writes.add(hashes.hsetnx(key, RCPT + r.address(), json(accepted)).replaceWithVoid());
            writes.add(counter.count(job.queueId(), "ACCEPTED:" + r.address() + ":0", reportKey, "accepted")
                    .replaceWithVoid());
        }
        return Uni.join().all(writes).andFailFast().chain(() -> keys.expire(key, config.retention())).replaceWithVoid();
    }

    /** What applying an event did, for the caller's depth accounting. */
    /**
     * What folding one event did.
     *
     * @param becameTerminal the recipient reached a final state with this event
     * @param lane           the message's lane, when known
     * @param news           the event changed what we know (false for a replay or a stale event)
     * @param acceptedAt     when ingress accepted the message, when known
     */
    public record Applied(boolean becameTerminal, String lane, boolean news, Instant acceptedAt) {}

    /** Folds one event into the index and the campaign report. */
    public Uni<Applied> apply(MailEvent event) {
        String key = TRACK + event.queueId();
        String field = event.recipient() == null ? null : RCPT + event.recipient();
        String[] wanted = field == null ? new String[] {"lane", "campaign", "acceptedAt"}
                : new String[] {"lane", "campaign", "acceptedAt", field};
        return hashes.hmget(key, wanted).chain(stored -> {
            Map<String, String> writes = messageFields(event);
            TrackingMerge.Result merged = new TrackingMerge.Result(null, false, false);
            String acceptedBefore = stored.get("acceptedAt");
            // Replays change nothing: an event is news the first time it changes a recipient's state (or, for
            // ACCEPTED, the first time the message's acceptance is recorded).
            boolean news = field == null ? event.type() == EventType.ACCEPTED && acceptedBefore == null : false;
            if (field != null) {
                String raw = stored.get(field);
                merged = TrackingMerge.apply(raw == null ? null : state(raw), event);
                if (merged.changed()) {
                    writes.put(field, json(merged.state()));
                    news = true;
                }
            }
            String campaign = event.campaign() != null ? event.campaign() : stored.get("campaign");
            Applied applied = new Applied(merged.becameTerminal(), stored.get("lane"), news,
                    acceptedBefore == null ? null : Instant.parse(acceptedBefore));
            Uni<?> write = writes.isEmpty() ? Uni.createFrom().voidItem() : hashes.hset(key, writes);
            return write
                    .chain(() -> keys.expire(key, config.retention()))
                    .chain(() -> count(event, campaign))
                    .replaceWith(applied);
        });
    }

    private Uni<Boolean> count(MailEvent event, String campaign) {
        String field = ReportBuckets.field(event.type());
        if (field == null || event.recipient() == null) {
            return Uni.createFrom().item(false);
        }
        Instant at = event.time() == null ? Instant.now() : event.time();
        String identity = event.type() + ":" + event.recipient() + ":" + event.attempt();
        return counter.count(event.queueId(), identity, ReportBuckets.key(event.tenant(), campaign, at), field);
    }

    private static Map<String, String> messageFields(MailEvent event) {
        Map<String, String> fields = new HashMap<>();
        putIfPresent(fields, "tenant", event.tenant());
        putIfPresent(fields, "campaign", event.campaign());
        putIfPresent(fields, "traceId", event.traceId());
        putIfPresent(fields, "messageId", event.messageId());
        if (event.type() == EventType.ACCEPTED && event.time() != null) {
            fields.put("acceptedAt", event.time().toString());
        }
        return fields;
    }

    /** The tracking view of a message, or null when nothing is known about it (never seen, or expired). */
    public Uni<MessageView> find(String queueId) {
        return hashes.hgetall(TRACK + queueId).map(all -> {
            if (all.isEmpty()) {
                return null;
            }
            List<MessageView.RecipientView> recipients = new ArrayList<>();
            all.forEach((name, value) -> {
                if (name.startsWith(RCPT)) {
                    RecipientState s = state(value);
                    recipients.add(new MessageView.RecipientView(name.substring(RCPT.length()), s.status().label(),
                            s.attempts(), s.lastReply(), s.remoteMta(), s.updatedAt()));
                }
            });
            recipients.sort(Comparator.comparing(MessageView.RecipientView::recipient));
            String acceptedAt = all.get("acceptedAt");
            return new MessageView(queueId, all.get("tenant"), all.get("campaign"), all.get("traceId"),
                    acceptedAt == null ? null : Instant.parse(acceptedAt), recipients);
        });
    }

    private static void putIfPresent(Map<String, String> fields, String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(name, value);
        }
    }

    private static String json(RecipientState state) {
        return new String(Json.write(state), StandardCharsets.UTF_8);
    }

    private static RecipientState state(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), RecipientState.class);
    }
}
