package io.postmesh.queue.suppression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The suppression list in Redis: one hash per tenant, {@code pm:suppression:<tenant>}, field = the address in
 * lower case, value = JSON {@code {"reason": "...", "at": "<ISO instant>", "expiresAt": "<ISO instant>"?}}.
 * An entry past its {@code expiresAt} no longer suppresses (the bounce service may also delete it). One HMGET
 * per job, so the check costs one round trip whatever the number of recipients.
 */
@ApplicationScoped
public class RedisSuppressionList implements SuppressionList {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ReactiveHashCommands<String, String, String> hashes;
    private final Clock clock;

    @Inject
    public RedisSuppressionList(ReactiveRedisDataSource redis) {
        this(redis, Clock.systemUTC());
    }

    RedisSuppressionList(ReactiveRedisDataSource redis, Clock clock) {
        this.hashes = redis.hash(String.class);
        this.clock = clock;
    }

    public static String key(String tenant) {
        return "pm:suppression:" + tenant;
    }

    @Override
    public CompletionStage<Map<String, String>> suppressed(String tenant, Collection<String> recipients) {
        if (recipients.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        List<String> fields = recipients.stream().map(r -> r.toLowerCase(Locale.ROOT)).toList();
        return hashes.hmget(key(tenant), fields.toArray(String[]::new))
                .map(found -> {
                    Map<String, String> out = new LinkedHashMap<>();
                    for (String recipient : recipients) {
                        String entry = found.get(recipient.toLowerCase(Locale.ROOT));
                        String reason = entry == null ? null : activeReason(entry, clock.instant());
                        if (reason != null) {
                            out.put(recipient, reason);
                        }
                    }
                    return out;
                })
                .subscribeAsCompletionStage();
    }

    /** The reason of an entry that is in force at {@code now}, or null if it expired. Unreadable entries suppress. */
    static String activeReason(String entry, Instant now) {
        try {
            JsonNode node = MAPPER.readTree(entry);
            JsonNode expires = node.get("expiresAt");
            if (expires != null && !expires.isNull() && !Instant.parse(expires.asText()).isAfter(now)) {
                return null;
            }
            JsonNode reason = node.get("reason");
            return reason == null ? "suppressed" : reason.asText();
        } catch (Exception e) {
            // Fail safe: an entry we cannot read still keeps mail away from the address.
            return "suppressed";
        }
    }
}
