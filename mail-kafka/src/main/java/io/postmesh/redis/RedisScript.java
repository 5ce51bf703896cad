package io.postmesh.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script kept as a class-path resource and run atomically in Redis by its SHA1 ({@code EVALSHA}), so the
 * script text crosses the wire only when the server does not know it yet (first use, restart, failover or
 * {@code SCRIPT FLUSH}): Redis then answers {@code NOSCRIPT} and the script is sent once with {@code EVAL}, which
 * also caches it. A NOSCRIPT reply means nothing ran, so the fallback cannot apply the script twice.
 */
public final class RedisScript {
    private final String source;
    private final String sha1;

    private RedisScript(String source) {
        this.source = source;
        try {
            this.sha1 = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always present in the JDK", e);
        }
    }

    /** Loads the script {@code name} (resolved like {@link Class#getResourceAsStream}) next to {@code owner}. */
    public static RedisScript load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name);
            }
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script with these keys and arguments: one round trip, two when Redis lacks the script. */
    public Future<Response> run(Redis redis, List<String> keys, List<String> args) {
        return redis.send(request(Command.EVALSHA, sha1, keys, args)).recover(error -> {
            String message = error.getMessage();
            return message != null && message.startsWith("NOSCRIPT")
                    ? redis.send(request(Command.EVAL, source, keys, args))
                    : Future.failedFuture(error);
        });
    }

    private static Request request(Command command, String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }
}
