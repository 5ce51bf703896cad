package io.postmesh.delivery.outcome;

import io.postmesh.model.Json;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers in Redis which recipients of a message a remote server has already taken (a 250 after the
 * final dot), so a job that is consumed again after a crash does not send them the message twice
 * (blueprint rule 2, "at-least-once, deduplicated"). Key {@code pm:delivered:<queueId>:<recipient>}; value
 * the outcome as JSON, so the DELIVERED event can be written again if the crash came before it.
 */
public final class DeliveredMarkers {
    private final ReactiveValueCommands<String, String> values;
    private final Duration ttl;

    public DeliveredMarkers(ReactiveRedisDataSource redis, Duration ttl) {
        this.values = redis.value(String.class, String.class);
        this.ttl = ttl;
    }

    public static String key(String queueId, String recipient) {
        return "pm:delivered:" + queueId + ":" + recipient;
    }

    /** The recipients of the job that were delivered before, with their recorded outcome. */
    public Uni<Map<String, RecipientOutcome>> delivered(String queueId, List<Recipient> recipients) {
        if (recipients.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] keys = recipients.stream().map(r -> key(queueId, r.address())).toArray(String[]::new);
        return values.mget(keys).map(found -> {
            Map<String, RecipientOutcome> delivered = new HashMap<>();
            for (Recipient r : recipients) {
                String json = found.get(key(queueId, r.address()));
                if (json != null) {
                    delivered.put(r.address(), Json.read(json.getBytes(StandardCharsets.UTF_8), RecipientOutcome.class));
                }
            }
            return delivered;
        });
    }

    /** Records the successful outcomes; completes when Redis has them. */
    public Uni<Void> mark(String queueId, List<RecipientOutcome> successes) {
        if (successes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> writes = successes.stream()
                .map(o -> values.setex(key(queueId, o.recipient()), ttl.toSeconds(),
                        new String(Json.write(o), StandardCharsets.UTF_8)))
                .toList();
        return Uni.join().all(writes).andFailFast().replaceWithVoid();
    }
}
