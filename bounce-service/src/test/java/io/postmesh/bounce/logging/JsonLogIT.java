package io.postmesh.bounce.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import io.postmesh.testing.Ports;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.otlp.OtlpReceiver;
import io.postmesh.testing.process.ServiceProcess;
import io.postmesh.testing.redis.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The packaged bounce service, run as a process with the variable Kubernetes sets
 * ({@code QUARKUS_LOG_CONSOLE_JSON_ENABLED=true}), writes one JSON object per console line, and the line it
 * logs while turning a failed job into a DSN carries the trace id of that job's trace: an operator can go
 * from a trace to the message's log lines (docs/operations.md).
 */
class JsonLogIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withTheKubernetesVariableConsoleLinesAreJsonAndATracedLineCarriesTheTraceId() throws Exception {
        Trace trace = Trace.random();

        List<String> lines = runAndCollectLog(Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"), trace, "json");

        JsonNode dsnLine = JSON.readTree(dsnLine(lines, trace.queueId).orElseThrow());
        assertThat(dsnLine.path("level").asText()).isEqualTo("INFO");
        assertThat(dsnLine.path("message").asText()).startsWith("DSN ").contains(trace.queueId);
        assertThat(dsnLine.path("mdc").path("traceId").asText()).isEqualTo(trace.traceId);
        assertThat(dsnLine.path("mdc").path("spanId").asText()).matches("[0-9a-f]{16}")
                .isNotEqualTo(trace.parentSpanId);
        // Every console line is one JSON object, so a log pipeline never needs a multi-line parser.
        for (String line : lines) {
            assertThat(JSON.readTree(line).isObject()).as("a JSON object: %s", line).isTrue();
        }
    }

    @Test
    void withoutItLinesStayReadableWithTraceAndSpanIds() throws Exception {
        Trace trace = Trace.random();

        List<String> lines = runAndCollectLog(Map.of(), trace, "plain");

        // The extension alone would switch to JSON (quarkus.log.console.json defaults to true): the service's
        // application.properties keeps the readable format for ./postmesh up.
        assertThat(dsnLine(lines, trace.queueId).orElseThrow())
                .doesNotStartWith("{")
                .contains("INFO", "traceId=" + trace.traceId, "spanId=", "DSN ");
    }

    /** Runs the service with {@code environment}, feeds it one failed job of {@code trace}, returns its log. */
    private static List<String> runAndCollectLog(Map<String, String> environment, Trace trace, String run)
            throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        try (OtlpReceiver otlp = OtlpReceiver.start();
             ServiceProcess bounce = ServiceProcess.start("bounce-service", Map.of(
                             "kafka.bootstrap.servers", bootstrap,
                             "quarkus.redis.hosts", RedisServerProcess.shared().uri(),
                             "quarkus.http.host", "127.0.0.1",
                             "quarkus.http.port", Integer.toString(Ports.freePort()),
                             "quarkus.otel.exporter.otlp.traces.endpoint", otlp.endpoint(),
                             "quarkus.log.file.enabled", "false"),
                     environment, Path.of("target/json-log-it", run));
             TopicWriter writer = TopicWriter.open(bootstrap)) {
            writer.send(failedJob(trace.queueId, "00-" + trace.traceId + "-" + trace.parentSpanId + "-01"));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> dsnLine(Files.readAllLines(bounce.log(), StandardCharsets.UTF_8), trace.queueId),
                            Optional::isPresent);
            return Files.readAllLines(bounce.log(), StandardCharsets.UTF_8);
        }
    }

    /** The "DSN ... for <queueId>" line, if the service wrote it yet. */
    private static Optional<String> dsnLine(List<String> lines, String queueId) {
        return lines.stream().filter(l -> l.contains("DSN ") && l.contains(" for " + queueId)).findFirst();
    }

    private record Trace(String queueId, String traceId, String parentSpanId) {
        static Trace random() {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            return new Trace(QueueIds.next(), HexFormat.of().formatHex(random, 0, 16),
                    HexFormat.of().formatHex(random, 16, 24));
        }
    }

    private static ProducerRecord<byte[], byte[]> failedJob(String queueId, String traceparent) {
        Envelope job = Envelope.builder().queueId(queueId).messageId("<m-" + queueId + "@sender.test>")
                .reversePath("alice@sender.test").tenant("acme").destination("example.test").attempt(1)
                .recipients(List.of(Recipient.of("bob@example.test"))).firstSeen(Instant.now()).build();
        String body = "From: <alice@sender.test>\r\nTo: <bob@example.test>\r\nSubject: hello\r\n"
                + "Message-ID: " + job.messageId() + "\r\n\r\nHi Bob.\r\n";
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.FAILED,
                queueId.getBytes(StandardCharsets.US_ASCII), body.getBytes(StandardCharsets.US_ASCII));
        record.headers().add(MailHeaders.ENVELOPE, Json.write(job));
        record.headers().add(MailHeaders.OUTCOMES, Json.write(List.of(new RecipientOutcome("bob@example.test",
                RecipientOutcome.Result.PERMANENT_FAILURE, "5.1.1", "550 5.1.1 <bob@example.test>: no such user",
                "mx1.example.test", Instant.now()))));
        record.headers().add(MailHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        return record;
    }
}
