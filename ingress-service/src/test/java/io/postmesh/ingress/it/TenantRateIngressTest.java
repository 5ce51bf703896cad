package io.postmesh.ingress.it;

import static io.postmesh.ingress.it.SmtpIngressTest.queueId;
import static io.postmesh.ingress.it.SmtpIngressTest.recordFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.auth.CredentialStore;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Messages per minute per tenant over real sockets and the real Redis: a tenant with 3/min gets three messages
 * through, then 451 4.7.1 over SMTP and 429 with Retry-After over HTTP; other tenants are not affected.
 */
@QuarkusTest
@TestProfile(GuardedProfile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class TenantRateIngressTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.submission.port")
    int submissionPort;

    @Inject
    CredentialStore users;

    private String newUser(String tenant) {
        String user = "u-" + UUID.randomUUID() + "@example.test";
        users.add(user, "secret", tenant);
        return user;
    }

    private static String apiKey(String tenant) {
        return given().auth().oauth2(GuardedProfile.ADMIN_TOKEN)
                .contentType("application/json").body(Map.of("tenant", tenant))
                .when().post("/v1/admin/api-keys")
                .then().statusCode(201)
                .extract().path("key");
    }

    private static Map<String, Object> message(int i) {
        return Map.of("from", "app@sender.test", "to", List.of("user" + i + "@example.test"),
                "subject", "rate " + i, "text", "hello " + i);
    }

    private static Response postMessage(String key, int i) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json").body(message(i))
                .when().post("/v1/messages");
    }

    @Test
    void smtpTenantGetsThreeMessagesThen451AndAnotherTenantIsUnaffected() throws Exception {
        String rated = newUser("smtp-rated");
        String free = newUser("smtp-free");
        try (SmtpTestClient c = SmtpTestClient.connect(submissionPort)) {
            c.startTls();
            assertThat(c.authPlain(rated, "secret")).startsWith("235 ");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertThat(c.command("MAIL FROM:<" + rated + ">")).isEqualTo("250 2.1.0 Ok");
                assertThat(c.command("RCPT TO:<bob@elsewhere.test>")).isEqualTo("250 2.1.5 Ok");
                assertThat(c.command("DATA")).startsWith("354 ");
                ids.add(queueId(c.command("Subject: rate " + i + "\r\n\r\nhi\r\n.")));
            }
            assertThat(c.command("MAIL FROM:<" + rated + ">"))
                    .isEqualTo("451 4.7.1 Error: rate limit exceeded, try again later");
            // No transaction was started: the pipelined rest of it is refused, and the session goes on.
            c.write("RCPT TO:<bob@elsewhere.test>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("503 5.5.1");
            assertThat(c.reply()).startsWith("503 5.5.1");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok");
            // The three accepted ones are on mail.inbound, accounted to the tenant.
            assertThat(Json.envelope(recordFor(bootstrap, Topics.INBOUND, ids.get(2)).headers()
                    .lastHeader(MailHeaders.ENVELOPE).value()).tenant()).isEqualTo("smtp-rated");
        }
        try (SmtpTestClient c = SmtpTestClient.connect(submissionPort)) {
            c.startTls();
            assertThat(c.authPlain(free, "secret")).startsWith("235 ");
            for (int i = 0; i < 5; i++) {
                assertThat(c.command("MAIL FROM:<" + free + ">")).isEqualTo("250 2.1.0 Ok");
                assertThat(c.command("RSET")).startsWith("250 ");
            }
        }
    }

    @Test
    void httpTenantGetsThreeMessagesThen429WithRetryAfterAndAnotherTenantIsUnaffected() {
        String rated = apiKey("http-rated");
        String free = apiKey("http-free");
        for (int i = 0; i < 3; i++) {
            postMessage(rated, i).then().statusCode(202);
        }
        Response refused = postMessage(rated, 3);
        refused.then().statusCode(429);
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        // 3/min: the next token is there within 20 s.
        assertThat(retryAfter).isBetween(1L, 20L);
        assertThat(refused.jsonPath().getString("reason")).isEqualTo("rate-limit-exceeded");
        for (int i = 0; i < 5; i++) {
            postMessage(free, i).then().statusCode(202);
        }
    }

    @Test
    void batchItemsOverTheRateGet429EachWithRetryAfter() {
        String key = apiKey("batch-rated");
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(message(i));
        }
        JsonPath reply = given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(Map.of("messages", messages))
                .when().post("/v1/messages/batch")
                .then().statusCode(207).extract().jsonPath();
        assertThat(reply.getInt("accepted")).isEqualTo(3);
        assertThat(reply.getList("results.status", Integer.class)).containsExactly(202, 202, 202, 429, 429);
        assertThat(reply.getString("results[3].error.reason")).isEqualTo("rate-limit-exceeded");
        assertThat(reply.getLong("results[4].retryAfter")).isBetween(1L, 20L);
        assertThat(reply.getString("results[0].retryAfter")).isNull();
    }
}
