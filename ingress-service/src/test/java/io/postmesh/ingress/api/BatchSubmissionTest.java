package io.postmesh.ingress.api;

import static io.postmesh.ingress.api.ApiTestKit.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.postmesh.ingress.it.IngressListeners;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/messages/batch}: thousands of messages per request, one result per item. */
@QuarkusTest
@TestProfile(ApiProfile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class BatchSubmissionTest {
    private static final Logger LOG = Logger.getLogger(BatchSubmissionTest.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private String apiKey;

    @BeforeEach
    void key() {
        apiKey = ApiTestKit.newKey("bulk");
    }

    @Test
    void twoThousandMessagesInOneRequestAreAllQueuedWithTheirOwnIds() {
        int n = 2000;
        List<Map<String, Object>> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            messages.add(Map.of("from", "news@sender.test", "to", List.of("user" + i + "@example.test"),
                    "bcc", List.of("archive@hidden.test"),
                    "subject", "Batch item " + i, "text", "Hello user " + i, "campaign", "batch-test"));
        }
        long start = System.nanoTime();
        JsonPath reply = as(apiKey).contentType("application/json").body(Map.of("messages", messages))
                .when().post("/v1/messages/batch")
                .then().statusCode(200).extract().jsonPath();
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.infof("batch of %d accepted in %d ms (%.0f msg/s)", n, millis, n * 1000.0 / Math.max(1, millis));

        assertThat(reply.getInt("accepted")).isEqualTo(n);
        assertThat(reply.getInt("failed")).isZero();
        List<Integer> indexes = reply.getList("results.index");
        assertThat(indexes).hasSize(n).isSortedAccordingTo(Integer::compare).startsWith(0).endsWith(n - 1);
        assertThat(reply.getList("results.status", Integer.class)).containsOnly(202);
        List<String> queueIds = reply.getList("results.queueId");
        assertThat(new HashSet<>(queueIds)).hasSize(n);

        Map<String, ConsumerRecord<byte[], byte[]>> records = ApiTestKit.recordsFor(bootstrap, Topics.INBOUND, queueIds);
        assertThat(records).hasSize(n);
        for (int i : new int[] {0, 999, n - 1}) {
            ConsumerRecord<byte[], byte[]> r = records.get(queueIds.get(i));
            Envelope envelope = ApiTestKit.envelope(r);
            assertThat(envelope.tenant()).isEqualTo("bulk");
            assertThat(envelope.recipients()).extracting(Recipient::address)
                    .containsExactly("user" + i + "@example.test", "archive@hidden.test");
            assertThat(new String(r.value(), StandardCharsets.UTF_8))
                    .contains("Subject: Batch item " + i + "\r\n")
                    .contains("Message-ID: " + reply.getString("results[" + i + "].messageId") + "\r\n")
                    .doesNotContain("archive@hidden.test");
        }
    }

    @Test
    void badItemsGetTheirOwnErrorsAndTheOthersAreQueued() {
        String body = "{\"messages\":["
                + "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"ok 0\"},"
                + "{\"from\":\"a@sender.test\",\"to\":[\"not-an-address\"],\"text\":\"bad\"},"
                + "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"x\",\"attachments\":[{\"filename\":\"f\",\"content\":\"%%%\"}]},"
                + "{\"from\":\"a@sender.test\",\"to\":[\"c@example.test\"],\"text\":\"ok 3\"},"
                + "42]}";
        JsonPath reply = as(apiKey).contentType("application/json").body(body)
                .when().post("/v1/messages/batch")
                .then().statusCode(207).extract().jsonPath();
        assertThat(reply.getInt("accepted")).isEqualTo(2);
        assertThat(reply.getInt("failed")).isEqualTo(3);
        assertThat(reply.getList("results.status", Integer.class)).containsExactly(202, 400, 400, 202, 400);
        assertThat(reply.getString("results[1].error.field")).isEqualTo("to[0]");
        assertThat(reply.getString("results[1].error.reason")).isEqualTo("bad-address");
        assertThat(reply.getString("results[2].error.field")).isEqualTo("attachments[0].content");
        assertThat(reply.getString("results[2].error.reason")).isEqualTo("bad-base64");
        assertThat(reply.getString("results[4].error.reason")).isEqualTo("bad-json");
        assertThat(reply.getString("results[1].queueId")).isNull();
        String q3 = reply.getString("results[3].queueId");
        assertThat(ApiTestKit.envelope(ApiTestKit.recordFor(bootstrap, Topics.INBOUND, q3)).recipients())
                .extracting(Recipient::address).containsExactly("c@example.test");
    }

    @Test
    void moreItemsThanTheLimitIs413AndNotABatchIs400() {
        String tooMany = "{\"messages\":[" + "{},".repeat(ApiProfile.BATCH_MAX) + "{}]}";
        as(apiKey).contentType("application/json").body(tooMany)
                .when().post("/v1/messages/batch")
                .then().statusCode(413).contentType("application/problem+json")
                .body("field", equalTo("messages"), "reason", equalTo("too-many-messages"));
        as(apiKey).contentType("application/json").body("{\"messages\":[]}")
                .when().post("/v1/messages/batch")
                .then().statusCode(400).body("reason", equalTo("empty-batch"));
        as(apiKey).contentType("application/json").body("[{}]")
                .when().post("/v1/messages/batch")
                .then().statusCode(400).body("reason", equalTo("missing-messages"));
    }
}
