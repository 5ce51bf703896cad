package io.postmesh.bounce.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe may skip an event only when the full parse would not read it as BOUNCED: every row is also checked
 * against {@link Json#event}, so a row that the probe skips but Jackson reads as BOUNCED fails.
 */
class EventTypeProbeTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("DELIVERED first", "{\"type\":\"DELIVERED\",\"queueId\":\"q1\",\"attempt\":1}", true),
                Arguments.of("DELIVERED after nested values",
                        "{\"queueId\":\"q1\",\"x\":{\"type\":\"BOUNCED\",\"a\":[1,{\"b\":2}]},\"type\":\"DELIVERED\"}",
                        true),
                Arguments.of("ACCEPTED", "{\"version\":1,\"type\":\"ACCEPTED\"}", true),
                Arguments.of("BOUNCED", "{\"type\":\"BOUNCED\",\"recipient\":\"a@b.test\"}", false),
                Arguments.of("BOUNCED after a nested DELIVERED",
                        "{\"data\":{\"type\":\"DELIVERED\"},\"type\":\"BOUNCED\"}", false),
                // Jackson keeps the last of repeated fields; the probe does not guess.
                Arguments.of("repeated type", "{\"type\":\"DELIVERED\",\"type\":\"BOUNCED\"}", false),
                // Jackson reads numbers and numeric strings as enum indexes: 3 is BOUNCED.
                Arguments.of("number", "{\"type\":3}", false),
                Arguments.of("numeric string", "{\"type\":\"3\"}", false),
                // The probe compares the decoded string, so escapes neither hide BOUNCED nor stop a skip.
                Arguments.of("escaped BOUNCED", "{\"type\":\"BOUNC\\u0045D\"}", false),
                Arguments.of("escaped DELIVERED", "{\"type\":\"DELIVER\\u0045D\"}", true),
                Arguments.of("padded name", "{\"type\":\" DELIVERED \"}", false),
                Arguments.of("unknown name", "{\"type\":\"SOMETHING_NEW\"}", false),
                Arguments.of("lower case", "{\"type\":\"delivered\"}", false),
                Arguments.of("null type", "{\"type\":null}", false),
                Arguments.of("no type", "{\"queueId\":\"q1\"}", false),
                Arguments.of("field named Type", "{\"Type\":\"DELIVERED\"}", false),
                Arguments.of("array", "[{\"type\":\"DELIVERED\"}]", false),
                Arguments.of("truncated", "{\"type\":\"DELIVERED\",\"queueId\":", false),
                Arguments.of("malformed", "{\"type\":\"DELIVERED\" \"queueId\"}", false),
                Arguments.of("not json", "not json", false),
                Arguments.of("empty", "", false));
    }

    @ParameterizedTest(name = "{0} -> skip {2}")
    @MethodSource("values")
    void skipsOnlyWhatIsCertainlyNotBounced(String name, String json, boolean skipped) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(EventTypeProbe.certainlyNotBounced(bytes)).isEqualTo(skipped);
        if (skipped) {
            assertThat(Json.event(bytes).type()).isNotEqualTo(EventType.BOUNCED);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeAsWrittenByJsonIsSkippedExceptBounced(EventType type) {
        MailEvent event = new MailEvent(MailEvent.VERSION, type, "q1", "<m@x.test>", "acme", "bob@example.test",
                "example.test", 2, Instant.parse("2026-01-01T00:00:00Z"), "5.1.1", "550 5.1.1 unknown",
                "mx.example.test", "0123", "c1", "TLSv1.3", "TLS_AES_128_GCM_SHA256");

        assertThat(EventTypeProbe.certainlyNotBounced(Json.write(event))).isEqualTo(type != EventType.BOUNCED);
    }

    @Test
    void nullValueIsLeftToTheFullParse() {
        assertThat(EventTypeProbe.certainlyNotBounced(null)).isFalse();
    }
}
