package io.postmesh.ingress.api;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/** The OpenAPI document's title and the two bearer schemes (served at {@code /q/openapi}). */
@OpenAPIDefinition(info = @Info(title = "Postmesh ingress API", version = "1",
        description = "HTTP submission of mail (202 only once Kafka has it) and ingress administration"))
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "A tenant's API key (pmk_...), issued by POST /v1/admin/api-keys"),
        @SecurityScheme(securitySchemeName = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "postmesh.ingress.admin.token")})
public final class ApiOpenApi {
    private ApiOpenApi() {}
}
