package io.postmesh.queue.tracking;

import io.postmesh.model.Addresses;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Recipient;
import io.postmesh.queue.control.DepthChange;
import io.postmesh.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Redis;
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
 * last write. Events for one queue id share a partition of {@code mail.events}, and {@link EventTracker} applies
 * them in record order, so one read-merge-write of a message runs at a time. Each step's writes (fields,
 * report counters counted once per event identity in {@code pm:seen:<queueId>}, depth) are one Lua script,
 * {@code track-write.lua}, run by SHA: one round trip instead of one per command.
 */
@ApplicationScoped
public class TrackingStore {
    static final String TRACK = "pm:track:";
    static final String SEEN = "pm:seen:";
    static final String RCPT = "rcpt:";

    private static final RedisScript WRITE = RedisScript.load(TrackingStore.class, "track-write.lua");

    private final ReactiveHashCommands<String, String, String> hashes;
    private final Redis redis;
    private final TrackingConfig config;

    public TrackingStore(ReactiveRedisDataSource redis, TrackingConfig config) {
        this.hashes = redis.hash(String.class);
        this.redis = redis.getRedis().getDelegate();
        this.config = config;
    }

    /**
     * A job entered the queue: its recipients show as {@code accepted} unless an event got there first, the
     * message's lane is remembered (events do not carry it; depth needs it), the campaign report counts each
     * recipient once as accepted, and {@code depth} is applied. One script, so one round trip per job.
     */
    public Uni<Void> registerJob(Envelope job, DepthChange depth) {
        Map<String, String> message = new HashMap<>();
        message.put("tenant", job.tenant()); // never null or blank (Envelope defaults them)
        message.put("lane", job.lane());
        if (job.campaign() != null) {
            message.put("campaign", job.campaign());
        }
        Instant at = job.firstSeen() == null ? Instant.now() : job.firstSeen();
        String reportKey = ReportBuckets.key(job.tenant(), job.campaign(), at);
        TrackingWrite write = new TrackingWrite(job.queueId()).set(message).depth(depth);
        for (Recipient r : job.recipients()) {
            RecipientState accepted = new RecipientState(TrackStatus.ACCEPTED, job.attempt(), null, null, at);
            write.setIfAbsent(RCPT + r.address(), json(accepted))
                    .countOnce(reportKey, "accepted", "ACCEPTED:" + r.address() + ":0");
        }
        return run(write);
    }

    /**
     * What folding one event did.
     *
     * @param becameTerminal the recipient reached a final state with this event
     * @param lane           the message's lane, when known
     * @param news           the event changed what we know (false for a replay or a stale event)
     * @param acceptedAt     when ingress accepted the message, when known
     */
    public record Applied(boolean becameTerminal, String lane, boolean news, Instant acceptedAt) {}

    /**
     * Folds one event into the index, the campaign report and the queue depth (a recipient reaching a terminal
     * state is counted out). Two round trips: the read, then one script with every write.
     */
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
            TrackingWrite write = new TrackingWrite(event.queueId()).set(writes).depth(countOut(event, applied));
            String reportField = ReportBuckets.field(event.type());
            if (reportField != null && event.recipient() != null) {
                Instant at = event.time() == null ? Instant.now() : event.time();
                write.countOnce(ReportBuckets.key(event.tenant(), campaign, at), reportField,
                        event.type() + ":" + event.recipient() + ":" + event.attempt());
            }
            return run(write).replaceWith(applied);
        });
    }

    /** A recipient that reached a terminal state leaves the queue; SUPPRESSED recipients never entered it. */
    static DepthChange countOut(MailEvent event, Applied applied) {
        if (!applied.becameTerminal() || event.type() == EventType.SUPPRESSED) {
            return DepthChange.NONE;
        }
        String destination = event.destination() != null ? event.destination() : Addresses.domainOf(event.recipient());
        return new DepthChange(event.tenant(), destination, applied.lane(), -1);
    }

    private Uni<Void> run(TrackingWrite write) {
        return Uni.createFrom().completionStage(() -> WRITE.run(redis, write.keys(),
                write.args(config.retention(), config.reportRetention())).toCompletionStage()).replaceWithVoid();
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
