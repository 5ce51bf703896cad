package io.postmesh.bounce.suppression;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent.EventType;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides from the JSON tokens alone whether a {@code mail.events} value is an event the suppression consumer
 * skips anyway, so the (far more common) DELIVERED/ACCEPTED events cost a token scan instead of a full
 * {@link Json#event} with its record, strings and instants.
 *
 * <p>It must never skip an event that the full parse reads as BOUNCED. So it answers "skip" only in the one
 * unambiguous case — the top-level object has exactly one {@code type} field and its value is a JSON string
 * spelling exactly the name of a known type other than BOUNCED — and leaves everything else to the full parse:
 * BOUNCED itself, a missing or repeated {@code type}, numbers and numeric strings (Jackson reads those as enum
 * indexes, {@code 3} is BOUNCED), padded or unknown names, anything that is not one well-formed object.
 */
final class EventTypeProbe {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Set<String> SKIPPED = EnumSet.complementOf(EnumSet.of(EventType.BOUNCED)).stream()
            .map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private EventTypeProbe() {}

    /** True when {@code json} is certainly an event of a type other than BOUNCED (see the class comment). */
    static boolean certainlyNotBounced(byte[] json) {
        if (json == null) {
            return false;
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            String type = null;
            int types = 0;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                boolean isType = "type".equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (isType) {
                    types++;
                    type = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                } else {
                    // Nested values are stepped over without being decoded.
                    parser.skipChildren();
                }
            }
            // A truncated object (token null) is left to the full parse, which reports it.
            return token == JsonToken.END_OBJECT && types == 1 && type != null && SKIPPED.contains(type);
        } catch (IOException e) {
            // Malformed: the full parse reports it exactly as before.
            return false;
        }
    }
}
