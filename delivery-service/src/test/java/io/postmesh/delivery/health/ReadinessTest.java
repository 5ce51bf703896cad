package io.postmesh.delivery.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The readiness endpoint Kubernetes probes lists a Kafka check (ours, from mail-kafka) and a Redis check
 * (quarkus-redis-client's), both UP against the test kit's real broker and Redis.
 */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
class ReadinessTest {

    @Test
    void readinessHasKafkaAndRedisChecksAndBothAreUp() {
        List<String> checks = given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka broker' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka broker' }.data.nodes", not(nullValue()))
                .body("checks.find { it.name == 'Redis connection health check' }.status", equalTo("UP"))
                .extract().jsonPath().getList("checks.name", String.class);
        assertThat(checks).as("readiness checks").contains("Kafka broker", "Redis connection health check");
    }
}
