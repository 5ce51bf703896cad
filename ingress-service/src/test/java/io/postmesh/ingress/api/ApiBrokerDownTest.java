package io.postmesh.ingress.api;

import static io.postmesh.ingress.api.ApiTestKit.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.postmesh.ingress.it.IngressListeners;
import io.postmesh.model.Topics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away: no 202, but 503 with Retry-After (the client keeps the message); a 503 does not hold the
 * Idempotency-Key, so the client's retry after the broker is back is queued.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
@WithTestResource(BrokerOfItsOwn.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class ApiBrokerDownTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RedisDataSource redis;

    private static String message(String marker) {
        return "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"subject\":\"" + marker + "\",\"text\":\"x\"}";
    }

    @Test
    void brokerDownGives503WithRetryAfterAndTheRetryIsQueuedOnceItIsBack() {
        String apiKey = ApiTestKit.newKey("down");
        as(apiKey).contentType("application/json").body(message("before"))
                .when().post("/v1/messages").then().statusCode(202);

        BrokerOfItsOwn.broker().stop();
        String key = UUID.randomUUID().toString();
        as(apiKey).contentType("application/json").header("Idempotency-Key", key).body(message("during"))
                .when().post("/v1/messages")
                .then().statusCode(503)
                .header("Retry-After", "30")
                .contentType("application/problem+json")
                .body("reason", equalTo("queue-unavailable"));
        assertThat(redis.key().exists("pm:idem:down:" + ApiKeys.sha256(key))).isFalse();

        String batch = "{\"messages\":[" + message("b0") + "," + message("b1") + "]}";
        as(apiKey).contentType("application/json").body(batch)
                .when().post("/v1/messages/batch")
                .then().statusCode(207)
                .body("accepted", equalTo(0), "results[0].status", equalTo(503), "results[1].status", equalTo(503),
                        "results[1].error.reason", equalTo("queue-unavailable"));

        BrokerOfItsOwn.broker().restart();
        // The client retries after Retry-After, as it should; the first retry that reaches the broker is queued.
        String queueId = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    var r = as(apiKey).contentType("application/json").header("Idempotency-Key", key)
                            .body(message("during")).when().post("/v1/messages");
                    return r.statusCode() == 202 ? r.<String>path("queueId") : null;
                }, q -> q != null);
        assertThat(ApiTestKit.envelope(ApiTestKit.recordFor(bootstrap, Topics.INBOUND, queueId)).tenant())
                .isEqualTo("down");
    }
}
