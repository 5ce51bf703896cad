package io.postmesh.delivery.verp;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.Recipient;
import io.postmesh.model.Verp;
import io.postmesh.model.VerpEntry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * Gives a delivery attempt its VERP reverse path: a fresh token, the job data stored under
 * {@code pm:verp:<token>} ({@link VerpEntry}), and the job with {@code MAIL FROM} rewritten. The entry is
 * written before the message leaves: a bounce can come back within seconds, and must find it.
 *
 * <p>One token per attempt, listing the recipients sent to in it: a retry of some recipients gets its own
 * token instead of overwriting the list of an earlier attempt whose late bounce may still be on its way.
 */
public final class VerpReversePaths {
    private final ReactiveValueCommands<String, String> values;
    private final boolean enabled;
    private final String domain;
    private final String secret;
    private final Duration ttl;
    private final SecureRandom random;

    /** Disabled when {@code redis} is null or {@code enabled} is false. */
    public VerpReversePaths(ReactiveRedisDataSource redis, boolean enabled, String domain, String secret,
                            Duration ttl, SecureRandom random) {
        if (enabled && (domain == null || domain.isBlank() || secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException(
                    "postmesh.delivery.verp.enabled needs postmesh.delivery.verp.domain and .secret");
        }
        this.values = enabled ? redis.value(String.class, String.class) : null;
        this.enabled = enabled;
        this.domain = domain;
        this.secret = secret;
        this.ttl = ttl;
        this.random = random;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The job to hand to the transport: unchanged when VERP is off or the reverse path is null (a DSN must keep
     * {@code <>}, RFC 5321 §4.5.5, so bounces never loop), else with the VERP address once Redis has the entry.
     *
     * @param recipients  the recipients about to be sent to in this attempt
     * @param traceparent the delivery attempt's trace context, stored so the bounce can link to it
     */
    public Uni<Envelope> stamp(Envelope job, List<Recipient> recipients, String traceparent) {
        if (!enabled || job.nullReversePath()) {
            return Uni.createFrom().item(job);
        }
        String token = Verp.newToken(random);
        VerpEntry entry = new VerpEntry(VerpEntry.VERSION, job.queueId(), job.tenant(),
                recipients.stream().map(Recipient::address).toList(), job.reversePath(), traceparent,
                job.messageId(), job.attempt() + 1, job.campaign());
        return values.setex(Verp.key(token), ttl.toSeconds(), new String(Json.write(entry), StandardCharsets.UTF_8))
                .map(ignored -> job.withReversePath(Verp.encode(secret, domain, token)));
    }
}
