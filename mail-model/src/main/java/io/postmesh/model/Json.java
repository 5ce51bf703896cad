package io.postmesh.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON form of envelopes, outcomes and events: ISO-8601 instants, unknown fields ignored and unknown
 * enum values read as null (so old readers accept newer records), nulls omitted.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private static final TypeReference<List<RecipientOutcome>> OUTCOMES = new TypeReference<>() {};

    private Json() {}

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static Envelope envelope(byte[] bytes) {
        return read(bytes, Envelope.class);
    }

    public static List<RecipientOutcome> outcomes(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, OUTCOMES);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid outcome list: " + e.getMessage(), e);
        }
    }

    public static MailEvent event(byte[] bytes) {
        return read(bytes, MailEvent.class);
    }
}
