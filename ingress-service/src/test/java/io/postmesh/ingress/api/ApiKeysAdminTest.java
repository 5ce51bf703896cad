package io.postmesh.ingress.api;

import static io.postmesh.ingress.api.ApiTestKit.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.postmesh.ingress.it.IngressListeners;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provisioning of API keys with the admin token, and the OpenAPI document. */
@QuarkusTest
@TestProfile(ApiProfile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class ApiKeysAdminTest {

    @Inject
    RedisDataSource redis;

    private static final String MESSAGE = "{\"from\":\"a@sender.test\",\"to\":[\"b@example.test\"],\"text\":\"x\"}";

    @Test
    void aKeyIsShownOnceStoredHashedAndWorksUntilRevoked() {
        JsonPath issued = given().auth().oauth2(ApiProfile.ADMIN_TOKEN)
                .contentType("application/json").body(Map.of("tenant", "initech"))
                .when().post("/v1/admin/api-keys")
                .then().statusCode(201).body("tenant", equalTo("initech")).extract().jsonPath();
        String key = issued.getString("key");
        String keyId = issued.getString("keyId");
        assertThat(key).startsWith("pmk_").hasSize(4 + 43);
        // Only the SHA-256 is in Redis; the key itself appears nowhere.
        String hash = ApiKeys.sha256(key);
        assertThat(redis.hash(String.class).hgetall("pm:apikey:" + hash))
                .containsEntry("tenant", "initech").containsEntry("keyId", keyId);
        assertThat(redis.key().keys("pm:apikey:*")).noneMatch(k -> k.contains(key));
        assertThat(keyId).isEqualTo(hash.substring(0, 16));

        as(key).contentType("application/json").body(MESSAGE).when().post("/v1/messages").then().statusCode(202);

        given().auth().oauth2(ApiProfile.ADMIN_TOKEN).when().delete("/v1/admin/api-keys/" + keyId)
                .then().statusCode(204);
        as(key).contentType("application/json").body(MESSAGE).when().post("/v1/messages")
                .then().statusCode(401).body("reason", equalTo("invalid-key"));
        given().auth().oauth2(ApiProfile.ADMIN_TOKEN).when().delete("/v1/admin/api-keys/" + keyId)
                .then().statusCode(404);
    }

    @Test
    void theAdminTokenIsRequired() {
        given().contentType("application/json").body(Map.of("tenant", "x"))
                .when().post("/v1/admin/api-keys")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("wrong").contentType("application/json").body(Map.of("tenant", "x"))
                .when().post("/v1/admin/api-keys")
                .then().statusCode(401).body("reason", equalTo("bad-admin-token"));
        // An API key is not an admin token.
        String key = ApiTestKit.newKey("x");
        as(key).contentType("application/json").body(Map.of("tenant", "x"))
                .when().post("/v1/admin/api-keys")
                .then().statusCode(401);
    }

    @Test
    void aBadTenantIs400() {
        given().auth().oauth2(ApiProfile.ADMIN_TOKEN).contentType("application/json")
                .body(Map.of("tenant", "acme:evil@x"))
                .when().post("/v1/admin/api-keys")
                .then().statusCode(400).body("field", equalTo("tenant"), "reason", equalTo("bad-tenant"));
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/v1/messages"))
                .body("paths", hasKey("/v1/messages/batch"))
                .body("paths", hasKey("/v1/admin/api-keys"))
                .body("paths.'/v1/messages'.post.responses", hasKey("202"))
                .body("paths.'/v1/messages'.post.requestBody.content", hasKey("message/rfc822"))
                .body("paths.'/v1/messages'.post.requestBody.content", hasKey("application/json"))
                .body("components.schemas", hasKey("Message"))
                .body("components.securitySchemes", hasKey("apiKey"))
                .body("components.securitySchemes", hasKey("adminToken"))
                .body("info.title", equalTo("Postmesh ingress API"));
    }
}
