package io.postmesh.ingress.api;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} (draft-ietf-httpapi-idempotency-key-header): the first request with a key claims
 * it with {@code SET NX}; when it has handed off a message its reply is stored for
 * {@code postmesh.ingress.api.idempotency-ttl} and every repeat gets that reply, without a second message. A
 * repeat while the first still runs gets 409 (it does not wait: a client that retries on a timeout must not
 * pile up waiting requests); a repeat with another body gets 422. Keys are per tenant.
 *
 * <p>Redis: {@code pm:idem:<tenant>:<sha256(key)>} = {@code P|<fingerprint>} while running (expires after
 * {@code idempotency-lock}, so a crash frees it), then {@code D|<fingerprint>|<status>|<json>}.
 */
@ApplicationScoped
public class Idempotency {
    static final String HEADER = "Idempotency-Key";

    @Inject
    RedisDataSource redis;

    @Inject
    ReactiveRedisDataSource reactive;

    @Inject
    ApiConfig config;

    /**
     * Runs {@code call} once per key: replays, refuses or runs it and stores its reply. Blocking up to the call;
     * the returned stage completes after the reply is stored, so a repeat that follows a 202 always sees it.
     */
    CompletionStage<ApiResult> run(String tenant, String idempotencyKey, String fingerprint,
                                   Supplier<CompletionStage<ApiResult>> call) {
        if (idempotencyKey == null) {
            return call.get();
        }
        String key = "pm:idem:" + tenant + ":" + ApiKeys.sha256(checked(idempotencyKey));
        for (int attempt = 0; attempt < 3; attempt++) {
            Response set = redis.execute("SET", key, "P|" + fingerprint, "NX", "PX",
                    Long.toString(config.idempotencyLock().toMillis()));
            if (set != null) {
                CompletionStage<ApiResult> stage = safely(call).thenCompose(result -> settle(key, fingerprint, result));
                // An unexpected failure frees the key at once rather than after idempotency-lock.
                stage.whenComplete((r, e) -> {
                    if (e != null) {
                        reactive.execute("DEL", key).subscribe().with(x -> { }, x -> { });
                    }
                });
                return stage;
            }
            Response existing = redis.execute("GET", key);
            if (existing == null) {
                continue; // expired between SET and GET: claim again
            }
            String[] parts = existing.toString().split("\\|", 4);
            if (!parts[1].equals(fingerprint)) {
                return done(problem(422, "key-reused",
                        "this Idempotency-Key was used with another request body", Map.of()));
            }
            if (parts[0].equals("P")) {
                return done(problem(409, "request-in-progress",
                        "a request with this Idempotency-Key is still running", Map.of("Retry-After", "1")));
            }
            return done(new ApiResult(Integer.parseInt(parts[2]), parts[3], jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
                    Map.of("Idempotent-Replayed", "true"), true));
        }
        throw new IllegalStateException("Idempotency-Key could not be claimed");
    }

    /** The call's reply; a refusal thrown before any hand-off becomes its problem reply (and frees the key). */
    private static CompletionStage<ApiResult> safely(Supplier<CompletionStage<ApiResult>> call) {
        try {
            return call.get().exceptionally(e -> {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                if (cause instanceof ProblemException p) {
                    return ApiResult.problem(p);
                }
                throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
            });
        } catch (ProblemException e) {
            return done(ApiResult.problem(e));
        }
    }

    private CompletionStage<ApiResult> settle(String key, String fingerprint, ApiResult result) {
        var stored = result.remember()
                ? reactive.execute("SET", key, "D|" + fingerprint + "|" + result.status() + "|" + result.json(),
                        "PX", Long.toString(config.idempotencyTtl().toMillis()))
                : reactive.execute("DEL", key);
        return stored.map(ignored -> result).subscribeAsCompletionStage();
    }

    /** The draft defines the value as an sf-string ({@code "..."}); a bare token is accepted as well. */
    static String checked(String value) {
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.isEmpty() || v.length() > 255 || v.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw ProblemException.badRequest(HEADER, "bad-idempotency-key",
                    "Idempotency-Key is 1 to 255 printable ASCII characters");
        }
        return v;
    }

    private static ApiResult problem(int status, String reason, String detail, Map<String, String> headers) {
        return ApiResult.problem(new ProblemException(Problem.of(status, HEADER, reason, detail), headers));
    }

    private static CompletionStage<ApiResult> done(ApiResult result) {
        return java.util.concurrent.CompletableFuture.completedFuture(result);
    }
}
