package io.postmesh.ingress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads request bodies ourselves rather than through the REST layer, so that a JSON error becomes a problem
 * naming the exact member ({@code attachments[0].content}) and a batch item's error stays that item's. Unknown
 * members are errors. Pure.
 */
final class JsonBodies {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private JsonBodies() {}

    static JsonNode tree(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest(null, "empty-body", "the request body is empty");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(null, "bad-json", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest(null, "bad-json", "a JSON object is expected");
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            throw ProblemException.badRequest(path, "unknown-field", "unknown member " + path);
        } catch (JsonMappingException e) {
            String path = path(e);
            throw ProblemException.badRequest(path.isEmpty() ? null : path, "bad-type",
                    "wrong type for " + (path.isEmpty() ? "the message" : path) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(null, "bad-json", e.getOriginalMessage());
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON path as {@code a.b[2].c}. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
