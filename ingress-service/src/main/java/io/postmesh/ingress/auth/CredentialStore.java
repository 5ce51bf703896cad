package io.postmesh.ingress.auth;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.set.SetCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SMTP AUTH users in Redis, so that every ingress replica sees the same users: hash
 * {@code pm:auth:user:<username>} with fields {@code hash} (bcrypt, modular crypt form {@code $2a$...}),
 * {@code tenant} and {@code created}; set {@code pm:auth:users} lists the names.
 *
 * <p>Every method blocks (Redis round trips, bcrypt's deliberate slowness): call it on a worker thread,
 * never on an event loop. Redis is looked up on first use, so that ingress without Redis configured still
 * starts and relays; AUTH then fails temporarily (454 4.7.0).
 */
@ApplicationScoped
public class CredentialStore {
    static final String USERS = "pm:auth:users";
    // Checked when the user does not exist, so that the answer takes as long as for a wrong password and
    // does not reveal which user names exist.
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("postmesh-no-such-user", 10);

    private final Instance<RedisDataSource> redis;
    private final AuthConfig config;
    private volatile HashCommands<String, String, String> hashes;
    private volatile SetCommands<String, String> sets;

    @Inject
    public CredentialStore(Instance<RedisDataSource> redis, AuthConfig config) {
        this.redis = redis;
        this.config = config;
    }

    private HashCommands<String, String, String> hashes() {
        if (hashes == null) {
            hashes = redis.get().hash(String.class);
        }
        return hashes;
    }

    private SetCommands<String, String> sets() {
        if (sets == null) {
            sets = redis.get().set(String.class);
        }
        return sets;
    }

    static String key(String username) {
        return "pm:auth:user:" + username;
    }

    /** Stores a new user; empty when the name is taken. Arguments must have passed {@link Usernames}. */
    public Optional<UserRecord> add(String username, String password, String tenant) {
        String hash = BcryptUtil.bcryptHash(password, config.bcryptCost());
        String key = key(username);
        if (!hashes().hsetnx(key, "hash", hash)) {
            return Optional.empty();
        }
        Instant created = Instant.now();
        hashes().hset(key, Map.of("tenant", tenant, "created", created.toString()));
        sets().sadd(USERS, username);
        return Optional.of(new UserRecord(username, tenant, created));
    }

    public boolean remove(String username) {
        sets().srem(USERS, username);
        return hashes().hdel(key(username), "hash", "tenant", "created") > 0;
    }

    public List<UserRecord> list() {
        List<UserRecord> users = new ArrayList<>();
        for (String name : sets().smembers(USERS)) {
            Map<String, String> fields = hashes().hgetall(key(name));
            if (fields.containsKey("hash")) {
                users.add(record(name, fields));
            }
        }
        users.sort(Comparator.comparing(UserRecord::username));
        return users;
    }

    /** The user, when {@code password} is its password. */
    public Optional<UserRecord> verify(String username, String password) {
        String name = Usernames.normalise(username);
        Map<String, String> fields = name == null ? Map.of() : hashes().hgetall(key(name));
        String hash = fields.get("hash");
        boolean matches = BcryptUtil.matches(password, hash == null ? DUMMY_HASH : hash);
        return matches && hash != null ? Optional.of(record(name, fields)) : Optional.empty();
    }

    private static UserRecord record(String name, Map<String, String> fields) {
        String created = fields.get("created");
        return new UserRecord(name, fields.getOrDefault("tenant", "default"),
                created == null ? null : Instant.parse(created));
    }
}
