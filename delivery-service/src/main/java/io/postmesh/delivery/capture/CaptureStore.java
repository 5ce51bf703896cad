package io.postmesh.delivery.capture;

import io.postmesh.model.Json;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.list.ReactiveListCommands;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The capture inbox's storage: a Redis list {@code pm:capture}, newest first, trimmed to a fixed number of
 * messages so a forgotten local run cannot fill Redis.
 */
public final class CaptureStore {
    public static final String KEY = "pm:capture";

    private final ReactiveListCommands<String, String> lists;
    private final ReactiveKeyCommands<String> keys;
    private final int maxMessages;

    public CaptureStore(ReactiveRedisDataSource redis, int maxMessages) {
        this.lists = redis.list(String.class, String.class);
        this.keys = redis.key(String.class);
        this.maxMessages = maxMessages;
    }

    public Uni<Void> add(CapturedMessage message) {
        return lists.lpush(KEY, new String(Json.write(message), StandardCharsets.UTF_8))
                .chain(() -> lists.ltrim(KEY, 0, maxMessages - 1));
    }

    /** All kept messages, newest first. */
    public Uni<List<CapturedMessage>> list() {
        return lists.lrange(KEY, 0, -1).map(items -> items.stream()
                .map(json -> Json.read(json.getBytes(StandardCharsets.UTF_8), CapturedMessage.class))
                .toList());
    }

    public Uni<Optional<CapturedMessage>> get(String id) {
        return list().map(all -> all.stream().filter(m -> m.id().equals(id)).findFirst());
    }

    public Uni<Void> clear() {
        return keys.del(KEY).replaceWithVoid();
    }
}
