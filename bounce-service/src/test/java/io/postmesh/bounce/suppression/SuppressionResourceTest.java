package io.postmesh.bounce.suppression;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /v1/suppressions} against a real Redis. */
@QuarkusTest
@TestProfile(SuppressionTestProfile.class)
@WithTestResource(PipelineInfra.class)
class SuppressionResourceTest {
    String tenant;

    @BeforeEach
    void tenant() {
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void addGetListDeleteRoundTrip() {
        put("Erin@Example.test", "{\"reason\": \"unsubscribed\"}").then().statusCode(201)
                .body("address", equalTo("erin@example.test")).body("reason", equalTo("unsubscribed"))
                .body("at", notNullValue()).body("expiresAt", nullValue());
        put("erin@example.test", "{\"reason\": \"unsubscribed again\", \"ttl\": \"P30D\"}").then().statusCode(200)
                .body("expiresAt", notNullValue());

        given().get("/v1/suppressions/{t}/{a}", tenant, "erin@example.test").then().statusCode(200)
                .body("reason", equalTo("unsubscribed again"));
        given().get("/v1/suppressions/{t}", tenant).then().statusCode(200)
                .body("items.address", hasItem("erin@example.test")).body("next", nullValue());

        given().delete("/v1/suppressions/{t}/{a}", tenant, "erin@example.test").then().statusCode(204);
        given().delete("/v1/suppressions/{t}/{a}", tenant, "erin@example.test").then().statusCode(404);
        given().get("/v1/suppressions/{t}/{a}", tenant, "erin@example.test").then().statusCode(404)
                .contentType(ContentType.JSON);
    }

    @Test
    void listPagesWithLimitAndCursor() {
        for (int i = 0; i < 400; i++) {
            put("p" + i + "@example.test", "{\"reason\": \"bulk\"}").then().statusCode(201);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "0";
        int pages = 0;
        do {
            io.restassured.path.json.JsonPath page = given().queryParam("limit", 150).queryParam("cursor", cursor)
                    .get("/v1/suppressions/{t}", tenant).then().statusCode(200).extract().jsonPath();
            java.util.List<String> addresses = page.getList("items.address");
            org.assertj.core.api.Assertions.assertThat(addresses).hasSizeLessThanOrEqualTo(150);
            seen.addAll(addresses);
            cursor = page.getString("next");
            pages++;
        } while (cursor != null && pages < 50);
        org.assertj.core.api.Assertions.assertThat(seen).hasSize(400);
        org.assertj.core.api.Assertions.assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void expiredEntryIsNotFound() throws Exception {
        put("frank@example.test", "{\"reason\": \"short\", \"ttl\": \"PT0.3S\"}").then().statusCode(201);
        Awaits.until("entry expired", () ->
                given().get("/v1/suppressions/{t}/{a}", tenant, "frank@example.test").statusCode() == 404);
    }

    @ParameterizedTest(name = "PUT {0} {1} -> 400")
    @CsvSource(delimiter = '|', value = {
            "not-an-address   | {\"reason\": \"x\"}",
            "a b@example.test | {\"reason\": \"x\"}",
            "g@example.test   | {\"reason\": \"x\", \"ttl\": \"30 days\"}",
            "g@example.test   | {\"reason\": \"x\", \"ttl\": \"-P1D\"}",
            "g@example.test   | {\"reason\": \"x\", \"ttl\": \"PT0S\"}",
            "g@example.test   | {\"reason\": \"\"}",
            "g@example.test   | {}"})
    void badPutsAre400WithAJsonError(String address, String body) {
        put(address, body).then().statusCode(400).contentType(ContentType.JSON).body("error", notNullValue());
    }

    @ParameterizedTest(name = "GET ?{0} -> 400")
    @CsvSource({"limit=0", "limit=1001", "limit=ten", "cursor=abc"})
    void badListQueriesAre400(String query) {
        given().get("/v1/suppressions/" + tenant + "?" + query).then().statusCode(400).body("error", notNullValue());
    }

    @Test
    void badAddressOnGetAndDeleteIs400() {
        given().get("/v1/suppressions/{t}/{a}", tenant, "nobody").then().statusCode(400);
        given().delete("/v1/suppressions/{t}/{a}", tenant, "nobody").then().statusCode(400);
    }

    io.restassured.response.Response put(String address, String body) {
        return given().contentType(ContentType.JSON).body(body).put("/v1/suppressions/{t}/{a}", tenant, address);
    }
}
