package io.postmesh.ingress.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.postmesh.ingress.api.ApiProfile;
import io.postmesh.ingress.api.BrokerOfItsOwn;
import io.postmesh.ingress.it.IngressListeners;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ingress publishes through a plain producer, so its only Kafka readiness is mail-kafka's check: UP with the
 * broker, DOWN (503, so Kubernetes takes the pod out of the Service) while the broker is stopped, UP again
 * once it is back. Runs on a broker of its own (same set-up as ApiBrokerDownTest, so one application start
 * serves both); the shared broker is never stopped.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
@WithTestResource(BrokerOfItsOwn.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class ReadinessTest {
    private static final String KAFKA = "checks.find { it.name == 'Kafka broker' }";
    private static final String REDIS = "checks.find { it.name == 'Redis connection health check' }";

    @Test
    void kafkaReadinessFollowsTheBrokerAndRedisReadinessIsListed() {
        // A fresh broker on a loaded machine may need a moment before it describes the cluster.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        List<String> checks = given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(KAFKA + ".status", equalTo("UP"))
                .body(KAFKA + ".data.nodes", equalTo(BrokerOfItsOwn.broker().bootstrapServers()))
                .body(REDIS + ".status", equalTo("UP"))
                .extract().jsonPath().getList("checks.name", String.class);
        assertThat(checks).as("readiness checks").contains("Kafka broker", "Redis connection health check");

        BrokerOfItsOwn.broker().stop();
        try {
            given().when().get("/q/health/ready")
                    .then().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body(KAFKA + ".status", equalTo("DOWN"))
                    .body(KAFKA + ".data.reason", containsString("Timeout"))
                    .body(REDIS + ".status", equalTo("UP"));
        } finally {
            BrokerOfItsOwn.broker().restart();
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }
}
