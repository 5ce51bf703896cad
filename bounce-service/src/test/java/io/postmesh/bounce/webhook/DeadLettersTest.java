package io.postmesh.bounce.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    @Test
    void recordCarriesTheCloudEventAndTheLastError() throws Exception {
        byte[] ce = "{\"specversion\":\"1.0\",\"id\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> r = DeadLetters.record("Q1", "acme", ce, 8, "HTTP 503",
                Instant.parse("2030-01-01T00:00:00Z"));

        assertThat(r.topic()).isEqualTo("mail.webhooks.dlq");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("Q1");
        JsonNode v = new ObjectMapper().readTree(r.value());
        assertThat(v.get("tenant").asText()).isEqualTo("acme");
        assertThat(v.get("attempts").asInt()).isEqualTo(8);
        assertThat(v.get("lastError").asText()).isEqualTo("HTTP 503");
        assertThat(v.get("failedAt").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(v.get("event")).isEqualTo(new ObjectMapper().readTree(ce));
    }
}
