package io.postmesh.ingress.api;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys in Redis. A key is {@code pmk_} and 32 random bytes (256 bits) in base64url; only its SHA-256 is
 * stored (ADR 0016-ingress-api-keys: a fast hash is enough for keys this random, and lets every request be
 * checked with one lookup). Redis: hash {@code pm:apikey:<sha256 hex>} = {tenant, keyId, createdAt}, and
 * {@code pm:apikey:id:<keyId>} = the hash, for revocation by id. Blocking: call from worker threads.
 */
@ApplicationScoped
public class ApiKeys {
    static final String PREFIX = "pm:apikey:";
    static final String ID_PREFIX = "pm:apikey:id:";
    /** Tenants end up in queue names and Redis keys: the queue's campaign alphabet. */
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;

    /** A key as issued: {@code key} is shown once and never stored. */
    public record IssuedKey(String tenant, String keyId, String key, String createdAt) {}

    @Inject
    public ApiKeys(RedisDataSource redis) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
    }

    public IssuedKey issue(String tenant) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "pmk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = sha256(key);
        String keyId = hash.substring(0, 16);
        Instant now = Instant.now();
        hashes.hset(PREFIX + hash, Map.of("tenant", tenant, "keyId", keyId, "createdAt", now.toString()));
        redis.value(String.class).set(ID_PREFIX + keyId, hash);
        return new IssuedKey(tenant, keyId, key, now.toString());
    }

    /** The principal of {@code key}, if it is a key we issued and did not revoke. */
    public Optional<ApiPrincipal> find(String key) {
        if (key == null || !key.startsWith("pmk_") || key.length() > 100) {
            return Optional.empty();
        }
        Map<String, String> entry = hashes.hgetall(PREFIX + sha256(key));
        if (entry == null || entry.get("tenant") == null) {
            return Optional.empty();
        }
        return Optional.of(new ApiPrincipal(entry.get("tenant"), entry.get("keyId")));
    }

    /** Revokes the key with id {@code keyId}; false if there is none. */
    public boolean revoke(String keyId) {
        String hash = redis.value(String.class).get(ID_PREFIX + keyId);
        if (hash == null) {
            return false;
        }
        redis.key().del(PREFIX + hash, ID_PREFIX + keyId);
        return true;
    }

    static String sha256(String key) {
        return sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Hex SHA-256 of the parts, one after the other. */
    static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }
}
