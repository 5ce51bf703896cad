package io.postmesh.queue.tracking;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA1 ({@code EVALSHA}), so the script text crosses the wire only when Redis does not
 * know it yet (first use, or after a restart or {@code SCRIPT FLUSH}): then Redis answers {@code NOSCRIPT} and
 * the script is sent once with {@code EVAL}, which also caches it. A NOSCRIPT reply means nothing ran, so the
 * fallback cannot apply the script twice.
 */
final class RedisScript {
    private final String text;
    private final String sha1;

    RedisScript(String text) {
        this.text = text;
        this.sha1 = sha1(text);
    }

    /** Loads a script from the class path next to {@code owner}. */
    static RedisScript resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name);
            }
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String sha1() {
        return sha1;
    }

    /** Runs the script with these keys and arguments: one round trip, two when Redis lacks the script. */
    Uni<Response> run(Redis redis, List<String> keys, List<String> args) {
        return redis.send(request(Command.EVALSHA, sha1, keys, args))
                .onFailure(RedisScript::noScript)
                .recoverWithUni(() -> redis.send(request(Command.EVAL, text, keys, args)));
    }

    private static boolean noScript(Throwable error) {
        return error.getMessage() != null && error.getMessage().startsWith("NOSCRIPT");
    }

    private static Request request(Command command, String script, List<String> keys, List<String> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
