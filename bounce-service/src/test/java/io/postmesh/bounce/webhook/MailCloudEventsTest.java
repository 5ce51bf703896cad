package io.postmesh.bounce.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

class MailCloudEventsTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant TIME = Instant.parse("2030-05-06T07:08:09.123Z");
    static final MailEvent DELIVERED = new MailEvent(1, EventType.DELIVERED, "Q123", "<m@x.test>", "acme",
            "bob@example.test", "example.test", 2, TIME, "2.0.0", "250 ok", "mx.example.test", "abc", null);

    static JsonNode map(MailEvent event, byte[] raw) throws Exception {
        return MAPPER.readTree(MailCloudEvents.toCloudEvent("acme", event, raw));
    }

    @Test
    void mapsTheAttributes() throws Exception {
        JsonNode ce = map(DELIVERED, Json.write(DELIVERED));

        assertThat(ce.get("specversion").asText()).isEqualTo("1.0");
        assertThat(ce.get("id").asText()).matches("[0-9a-f]{32}");
        assertThat(ce.get("source").asText()).isEqualTo("/postmesh/acme");
        assertThat(ce.get("type").asText()).isEqualTo("io.postmesh.mail.delivered");
        assertThat(ce.get("time").asText()).isEqualTo("2030-05-06T07:08:09.123Z");
        assertThat(ce.get("subject").asText()).isEqualTo("Q123");
        assertThat(ce.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(Json.event(MAPPER.writeValueAsBytes(ce.get("data")))).isEqualTo(DELIVERED);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void typeIsTheEventTypeInLowerCase(EventType type) {
        assertThat(MailCloudEvents.type(type)).isEqualTo("io.postmesh.mail." + type.name().toLowerCase());
    }

    @Test
    void dataKeepsFieldsNewerThanThisService() throws Exception {
        String raw = new String(Json.write(DELIVERED), StandardCharsets.UTF_8).replace("{", "{\"futureField\":42,");
        JsonNode ce = map(Json.event(raw.getBytes(StandardCharsets.UTF_8)), raw.getBytes(StandardCharsets.UTF_8));
        assertThat(ce.get("data").get("futureField").asInt()).isEqualTo(42);
    }

    @Test
    void idIsStableForTheSameEvent() throws Exception {
        MailEvent copy = Json.event(Json.write(DELIVERED));
        assertThat(MailCloudEvents.id(copy)).isEqualTo(MailCloudEvents.id(DELIVERED));
        assertThat(map(copy, Json.write(copy)).get("id")).isEqualTo(map(DELIVERED, Json.write(DELIVERED)).get("id"));
        // Fields that do not identify the event (reply text, trace id) do not change the id.
        MailEvent otherReply = new MailEvent(1, EventType.DELIVERED, "Q123", null, "acme", "bob@example.test", null,
                2, TIME, null, "250 2.0.0 other text", null, "def", null);
        assertThat(MailCloudEvents.id(otherReply)).isEqualTo(MailCloudEvents.id(DELIVERED));
    }

    static Stream<Arguments> otherEvents() {
        MailEvent e = DELIVERED;
        return Stream.of(
                Arguments.of("queue id", new MailEvent(1, e.type(), "Q124", null, "acme", e.recipient(), null, e.attempt(), TIME, null, null, null, null, null)),
                Arguments.of("type", new MailEvent(1, EventType.BOUNCED, e.queueId(), null, "acme", e.recipient(), null, e.attempt(), TIME, null, null, null, null, null)),
                Arguments.of("attempt", new MailEvent(1, e.type(), e.queueId(), null, "acme", e.recipient(), null, 3, TIME, null, null, null, null, null)),
                Arguments.of("time", new MailEvent(1, e.type(), e.queueId(), null, "acme", e.recipient(), null, e.attempt(), TIME.plusMillis(1), null, null, null, null, null)),
                Arguments.of("recipient", new MailEvent(1, e.type(), e.queueId(), null, "acme", "carol@example.test", null, e.attempt(), TIME, null, null, null, null, null)),
                Arguments.of("no recipient", new MailEvent(1, e.type(), e.queueId(), null, "acme", null, null, e.attempt(), TIME, null, null, null, null, null)));
    }

    @ParameterizedTest(name = "another {0}, another id")
    @MethodSource("otherEvents")
    void idDiffersForOtherEvents(String what, MailEvent other) {
        assertThat(MailCloudEvents.id(other)).isNotEqualTo(MailCloudEvents.id(DELIVERED));
    }

    @Test
    void messageLevelEventWithoutRecipient() throws Exception {
        MailEvent accepted = new MailEvent(1, EventType.ACCEPTED, "Q9", null, "acme", null, null, 0, TIME, "2.0.0",
                "250 queued", null, null, null);
        JsonNode ce = map(accepted, Json.write(accepted));
        assertThat(ce.get("type").asText()).isEqualTo("io.postmesh.mail.accepted");
        assertThat(ce.get("subject").asText()).isEqualTo("Q9");
    }

    @Test
    void tenantIsOnePathSegment() {
        assertThat(MailCloudEvents.source("a b/c")).isEqualTo("/postmesh/a%20b%2Fc");
    }
}
