package io.postmesh.ingress.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The admin API for SMTP users: bearer token, create, list without hashes, delete; then AUTH works. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class AdminUsersApiTest {
    private static final String TOKEN = "Bearer test-admin-token";

    @ConfigProperty(name = "postmesh.ingress.smtps.port")
    int smtpsPort;

    @Test
    void withoutTheRightTokenEverythingIs401() {
        given().get("/v1/admin/users").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong").get("/v1/admin/users").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON)
                .body(Map.of("username", "m@example.test", "password", "x")).post("/v1/admin/users")
                .then().statusCode(401);
        given().delete("/v1/admin/users/m@example.test").then().statusCode(401);
    }

    @Test
    void userLifecycleAndSmtpLogin() throws Exception {
        String user = "Api-" + UUID.randomUUID() + "@Example.test";
        String stored = user.toLowerCase();
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", "correct horse", "tenant", "acme"))
                .post("/v1/admin/users")
                .then().statusCode(201).body("username", equalTo(stored)).body("tenant", equalTo("acme"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("username", user, "password", "other"))
                .post("/v1/admin/users").then().statusCode(409);

        String listing = given().header("Authorization", TOKEN).get("/v1/admin/users")
                .then().statusCode(200).extract().asString();
        assertThat(listing).contains(stored).doesNotContain("$2a$").doesNotContain("hash");
        List<Map<String, Object>> users = given().header("Authorization", TOKEN).get("/v1/admin/users")
                .then().extract().jsonPath().getList("$");
        assertThat(users).anySatisfy(u -> assertThat(u).containsEntry("username", stored)
                .containsEntry("tenant", "acme").containsKey("created"));

        try (SmtpTestClient c = SmtpTestClient.connectTlsFrom("127.0.0.5", smtpsPort)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.authPlain(user, "correct horse")).isEqualTo("235 2.7.0 Authentication successful");
        }

        given().header("Authorization", TOKEN).delete("/v1/admin/users/" + user).then().statusCode(204);
        given().header("Authorization", TOKEN).delete("/v1/admin/users/" + user).then().statusCode(404);
        try (SmtpTestClient c = SmtpTestClient.connectTlsFrom("127.0.0.5", smtpsPort)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.authPlain(user, "correct horse")).startsWith("535 5.7.8");
        }
    }

    @Test
    void badInputIs400() {
        for (Map<String, String> body : List.of(
                Map.of("username", "has space@example.test", "password", "x"),
                Map.of("username", "ok@example.test", "password", ""),
                Map.of("username", "ok@example.test", "password", "x".repeat(73)),
                Map.of("username", "ok@example.test", "password", "x", "tenant", "Bad Tenant"))) {
            given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body)
                    .post("/v1/admin/users").then().statusCode(400).body("error", org.hamcrest.Matchers.notNullValue());
        }
    }

    @Test
    void openApiDocumentsTheAdminApi() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/admin/users"));
    }
}
