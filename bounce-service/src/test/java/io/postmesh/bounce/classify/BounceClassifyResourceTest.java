package io.postmesh.bounce.classify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/bounces/classify} over HTTP. The app consumes Kafka at startup, hence PipelineInfra. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
class BounceClassifyResourceTest {

    private static final String PATH = "/v1/bounces/classify";

    @Test
    void classifiesAMultiRecipientDsn() throws Exception {
        List<String> recipients = given().contentType("message/rfc822")
                .body(BounceCorpusTest.resource("postfix-multi-recipient.eml").getBytes(StandardCharsets.UTF_8))
                .when().post(PATH)
                .then().statusCode(200).contentType("application/json")
                .body("$", hasSize(3))
                .body("[0].recipient", equalTo("bob@example.test"))
                .body("[0].reason", equalTo("user_unknown"))
                .body("[0].status", equalTo("5.1.1"))
                .body("[0].hardSoft", equalTo("hard"))
                .body("[0].reportingMta", equalTo("mx1.sender.test"))
                .body("[0].diagnostic", notNullValue())
                .body("[1].reason", equalTo("mailbox_full"))
                .body("[1].hardSoft", equalTo("soft"))
                .body("[2].reason", equalTo("host_unknown"))
                .extract().jsonPath().getList("recipient", String.class);
        assertThat(recipients).as("one entry per recipient").hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void notABounceIsAnEmptyArray() {
        given().contentType("message/rfc822").body("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII))
                .when().post(PATH)
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void emptyBodyIs400WithJsonError() {
        given().contentType("message/rfc822").body(new byte[0])
                .when().post(PATH)
                .then().statusCode(400).contentType("application/json").body("error", notNullValue());
    }

    @Test
    void otherContentTypeIs415() {
        given().contentType("text/plain").body("550 5.1.1 user unknown")
                .when().post(PATH)
                .then().statusCode(415);
    }
}
