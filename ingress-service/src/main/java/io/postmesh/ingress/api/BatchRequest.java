package io.postmesh.ingress.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v1/messages/batch}; documents the schema (items are read one by one). */
@Schema(name = "BatchRequest")
public record BatchRequest(
        @Schema(required = true, description = "1 to postmesh.ingress.api.batch-max-items messages")
        List<MessageRequest> messages) {}
