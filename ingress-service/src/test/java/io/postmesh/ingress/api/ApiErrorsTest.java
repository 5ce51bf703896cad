package io.postmesh.ingress.api;

import static io.postmesh.ingress.api.ApiTestKit.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.postmesh.ingress.it.IngressListeners;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal is a precise problem (RFC 9457) and nothing is queued. */
@QuarkusTest
@TestProfile(ApiProfile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class ApiErrorsTest {
    private String apiKey;

    @BeforeEach
    void key() {
        apiKey = ApiTestKit.newKey("acme");
    }

    @Test
    void withoutAKeyThe401AsksForABearerToken() {
        given().contentType("application/json").body(Map.of("from", "a@sender.test"))
                .when().post("/v1/messages")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"postmesh\"")
                .contentType("application/problem+json")
                .body("status", equalTo(401), "reason", equalTo("missing-credentials"));
    }

    @Test
    void aWrongKeyIsAnInvalidToken() {
        as("pmk_notAKeyWeIssued").contentType("application/json").body(Map.of("from", "a@sender.test"))
                .when().post("/v1/messages")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("reason", equalTo("invalid-key"));
        given().header("Authorization", "Basic YTpi").contentType("application/json").body("{}")
                .when().post("/v1/messages")
                .then().statusCode(401).body("reason", equalTo("bad-credentials"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // body                                                                          | field                     | reason
            "{\"to\":[\"b@example.test\"],\"text\":\"x\"}                                      | from                      | missing-from",
            "{\"from\":\"a@sender.test\",\"text\":\"x\"}                                       | to                        | missing-recipient",
            "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"]}                           | text                      | missing-body",
            "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\",\"not an address\"],\"text\":\"x\"} | to[1]         | bad-address",
            "{\"from\":\"a@@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"x\"}           | from                      | bad-address",
            "{\"from\":\"a@sender.test\",\"bcc\":[\"b@example..test\"],\"text\":\"x\"}          | bcc[0]                    | bad-address",
            "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"x\",\"attachments\":[{\"filename\":\"f\",\"content\":\"not*base64\"}]} | attachments[0].content | bad-base64",
            "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"x\",\"attachments\":[{\"content\":\"QQ==\"}]} | attachments[0].filename | bad-filename",
            "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"x\",\"headers\":{\"Bcc\":\"c@example.test\"}} | headers.Bcc   | reserved-header",
            "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"x\",\"headers\":{\"X-A\":\"1\\r\\nBcc: c@x.test\"}} | headers.X-A | bad-header-value",
            "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"x\",\"lane\":\"fast\"} | lane                   | bad-lane",
            "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"x\",\"bbc\":[\"c@example.test\"]} | bbc            | unknown-field",
            "{\"from\":\"a@sender.test\",\"to\":\"b@example.test\",\"text\":\"x\"}              | to                        | bad-type",
    })
    void badJsonInputIsA400NamingTheField(String body, String field, String reason) {
        Map<String, Object> problem = as(apiKey).contentType("application/json").body(body)
                .when().post("/v1/messages")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400), "title", equalTo("Bad Request"),
                        "field", equalTo(field), "reason", equalTo(reason), "detail", startsWith(""))
                .extract().jsonPath().getMap("");
        // The problem names the field and the reason, and says in words what is wrong.
        assertThat(problem).containsEntry("field", field).containsEntry("reason", reason);
        assertThat((String) problem.get("detail")).isNotBlank();
    }

    @Test
    void malformedJsonIsA400() {
        as(apiKey).contentType("application/json").body("{\"from\": ")
                .when().post("/v1/messages")
                .then().statusCode(400).body("reason", equalTo("bad-json"));
    }

    @Test
    void aMessageAboveTheSizeLimitIsA413() {
        // The test SIZE limit is 65,536 bytes; 60,000 random bytes are 80,000 as base64.
        byte[] big = new byte[60_000];
        new java.util.Random(1).nextBytes(big);
        as(apiKey).contentType("application/json")
                .body(Map.of("from", "a@sender.test", "to", List.of("b@example.test"), "text", "x",
                        "attachments", List.of(Map.of("filename", "big.bin",
                                "content", Base64.getEncoder().encodeToString(big)))))
                .when().post("/v1/messages")
                .then().statusCode(413).contentType("application/problem+json")
                .body("reason", equalTo("message-too-large"), "detail", containsString("limit is 65536"));
        as(apiKey).contentType("message/rfc822")
                .queryParam("mailFrom", "a@sender.test").queryParam("rcptTo", "b@example.test")
                .body(("Subject: big\r\n\r\n" + "y".repeat(70_000) + "\r\n").getBytes())
                .when().post("/v1/messages")
                .then().statusCode(413).body("reason", equalTo("message-too-large"));
    }

    @Test
    void otherContentTypesAre415() {
        as(apiKey).contentType("text/plain").body("hello")
                .when().post("/v1/messages")
                .then().statusCode(415).contentType("application/problem+json")
                .body("reason", equalTo("unsupported-media-type"), "field", equalTo("Content-Type"));
        as(apiKey).contentType("message/rfc822").body("Subject: x\r\n\r\n".getBytes())
                .when().post("/v1/messages/batch")
                .then().statusCode(415);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // mailFrom         | rcptTo                  | body                              | field    | reason
            "''                 | b@example.test          | 'Subject: x\n\nbody\n'            | mailFrom | missing-from",
            "a@sender.test      | ''                      | 'Subject: x\n\nbody\n'            | rcptTo   | missing-recipient",
            "a@sender.test      | 'b@example.test,bad@'   | 'Subject: x\n\nbody\n'            | rcptTo[1] | bad-address",
            "a@sender.test      | b@example.test          | ''                                | body     | missing-body",
            "a@sender.test      | b@example.test          | 'no header here\n\nbody\n'        | body     | no-header-section",
            "a@sender.test      | b@example.test          | 'Subject: x\rBcc: y\n\nbody\n'    | body     | bare-cr",
    })
    void badRawInputIsA400(String mailFrom, String rcptTo, String body, String field, String reason) {
        var request = as(apiKey).contentType("message/rfc822")
                .body(body.replace("\\n", "\n").replace("\\r", "\r").getBytes());
        if (!mailFrom.isEmpty()) {
            request.queryParam("mailFrom", mailFrom);
        }
        if (!rcptTo.isEmpty()) {
            request.queryParam("rcptTo", rcptTo);
        }
        request.when().post("/v1/messages")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo(field), "reason", equalTo(reason));
    }
}
