package io.postmesh.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TLS details on outcomes and events: written when known, absent in older records, which still parse. */
class TlsDetailsJsonTest {

    @Test
    void outcomeAndEventCarryTlsProtocolAndCipher() {
        RecipientOutcome outcome = new RecipientOutcome("a@b.test", RecipientOutcome.Result.SUCCESS, "2.0.0",
                "250 ok", "mx.b.test", Instant.parse("2025-01-01T00:00:00Z")).withTls("TLSv1.3",
                "TLS_AES_128_GCM_SHA256");
        String json = new String(Json.write(List.of(outcome)), StandardCharsets.UTF_8);
        assertThat(json).contains("\"tlsProtocol\":\"TLSv1.3\"", "\"tlsCipher\":\"TLS_AES_128_GCM_SHA256\"");
        assertThat(Json.outcomes(json.getBytes(StandardCharsets.UTF_8))).containsExactly(outcome);

        MailEvent event = MailEvent.ofOutcome(MailEvent.EventType.DELIVERED,
                Envelope.builder().queueId("Q").build(), outcome, "t");
        MailEvent back = Json.event(Json.write(event));
        assertThat(back.tlsProtocol()).isEqualTo("TLSv1.3");
        assertThat(back.tlsCipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void recordsWrittenBeforeTlsDetailsExistedStillParse() {
        String outcomes = "[{\"recipient\":\"a@b.test\",\"result\":\"SUCCESS\",\"status\":\"2.0.0\","
                + "\"diagnostic\":\"250 ok\",\"remoteMta\":\"mx.b.test\",\"at\":\"2025-01-01T00:00:00Z\"}]";
        assertThat(Json.outcomes(outcomes.getBytes(StandardCharsets.UTF_8))).singleElement().satisfies(o -> {
            assertThat(o.recipient()).isEqualTo("a@b.test");
            assertThat(o.tlsProtocol()).isNull();
            assertThat(o.tlsCipher()).isNull();
        });
        String event = "{\"version\":1,\"type\":\"DELIVERED\",\"queueId\":\"Q1\",\"recipient\":\"a@b.test\","
                + "\"attempt\":1,\"remoteMta\":\"mx.b.test\"}";
        MailEvent parsed = Json.event(event.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.remoteMta()).isEqualTo("mx.b.test");
        assertThat(parsed.tlsProtocol()).isNull();
        // Cleartext outcomes write no TLS fields at all (nulls are omitted), so old readers see no change.
        RecipientOutcome plain = new RecipientOutcome("a@b.test", RecipientOutcome.Result.SUCCESS, "2.0.0", "250 ok",
                "mx.b.test", Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(new String(Json.write(plain), StandardCharsets.UTF_8)).doesNotContain("tls");
    }
}
