package io.postmesh.ingress.api;

import static io.postmesh.ingress.api.ApiTestKit.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.postmesh.ingress.it.IngressListeners;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key}: one message per key and tenant, replays, concurrent repeats and reuse. */
@QuarkusTest
@TestProfile(ApiProfile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class IdempotencyTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RedisDataSource redis;

    private String apiKey;

    @BeforeEach
    void key() {
        apiKey = ApiTestKit.newKey("idem");
    }

    private static String body(String marker) {
        return "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"subject\":\"" + marker + "\",\"text\":\"x\"}";
    }

    @Test
    void aRepeatGetsTheFirstReplyAndNoSecondMessage() {
        String marker = "idem-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        var first = as(apiKey).contentType("application/json").header("Idempotency-Key", key).body(body(marker))
                .when().post("/v1/messages").then().statusCode(202).extract();
        var second = as(apiKey).contentType("application/json").header("Idempotency-Key", "\"" + key + "\"")
                .body(body(marker))
                .when().post("/v1/messages").then().statusCode(202)
                .header("Idempotent-Replayed", "true").extract();
        assertThat(second.body().asString()).isEqualTo(first.body().asString());

        // Any second hand-off would have been durable before the second reply: all records up to now are read.
        long copies = ApiTestKit.recordsNow(bootstrap, Topics.INBOUND).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("Subject: " + marker + "\r\n"))
                .count();
        assertThat(copies).isEqualTo(1);

        // Another tenant's identical key is another key.
        String otherTenant = ApiTestKit.newKey("idem-other");
        String third = as(otherTenant).contentType("application/json").header("Idempotency-Key", key).body(body(marker))
                .when().post("/v1/messages").then().statusCode(202).extract().path("queueId");
        assertThat(third).isNotEqualTo(first.path("queueId"));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        as(apiKey).contentType("application/json").header("Idempotency-Key", key).body(body("one"))
                .when().post("/v1/messages").then().statusCode(202);
        as(apiKey).contentType("application/json").header("Idempotency-Key", key).body(body("two"))
                .when().post("/v1/messages").then().statusCode(422)
                .contentType("application/problem+json").body("reason", equalTo("key-reused"));
    }

    @Test
    void aRepeatWhileTheFirstStillRunsIs409() {
        String key = UUID.randomUUID().toString();
        String body = body("running");
        // The state a first request holds while Kafka has not answered yet.
        String fingerprint = ApiKeys.sha256("json\n".getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
        redis.value(String.class).set("pm:idem:idem:" + ApiKeys.sha256(key), "P|" + fingerprint);
        as(apiKey).contentType("application/json").header("Idempotency-Key", key).body(body)
                .when().post("/v1/messages").then().statusCode(409)
                .header("Retry-After", "1")
                .body("reason", equalTo("request-in-progress"));
    }

    @Test
    void aRefusedRequestDoesNotHoldItsKey() {
        String key = UUID.randomUUID().toString();
        String bad = "{\"from\":\"a@sender.test\",\"to\":[\"bad\"],\"text\":\"x\"}";
        as(apiKey).contentType("application/json").header("Idempotency-Key", key).body(bad)
                .when().post("/v1/messages").then().statusCode(400);
        as(apiKey).contentType("application/json").header("Idempotency-Key", key).body(bad)
                .when().post("/v1/messages").then().statusCode(400).body("reason", equalTo("bad-address"));
        as(apiKey).contentType("application/json").header("Idempotency-Key", "k".repeat(300)).body(bad)
                .when().post("/v1/messages").then().statusCode(400).body("reason", equalTo("bad-idempotency-key"));
    }
}
