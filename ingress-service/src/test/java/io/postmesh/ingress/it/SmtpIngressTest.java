package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.postmesh.kafka.MailSpans;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.Recipient.Notify;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The ingress service against a real Kafka broker, over real sockets: what a client sees and what lands
 * on {@code mail.inbound} and {@code mail.events}.
 */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class SmtpIngressTest {
    private static final Pattern QUEUED = Pattern.compile("^250 2\\.0\\.0 Ok: queued as ([0-9A-Z]{20})$");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Inject
    InMemorySpanExporter spans;

    static String queueId(String reply) {
        Matcher m = QUEUED.matcher(reply);
        assertThat(m.matches()).as("queued reply: %s", reply).isTrue();
        return m.group(1);
    }

    static ConsumerRecord<byte[], byte[]> recordFor(String bootstrap, String topic, String queueId) {
        try (TopicReader reader = TopicReader.open(bootstrap, topic)) {
            return reader.await(rs -> rs.stream().anyMatch(r -> key(r).equals(queueId)), WAIT).stream()
                    .filter(r -> key(r).equals(queueId)).findFirst().orElseThrow();
        }
    }

    static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void acceptedMessageIsOnMailInboundWithEnvelopeAndTraceBeforeThe250() throws Exception {
        String marker = UUID.randomUUID().toString();
        String queueId;
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            assertThat(c.reply()).isEqualTo("220 mx.postmesh.test ESMTP Postmesh");
            assertThat(c.command("EHLO client.test")).contains("250-PIPELINING", "250-SIZE 65536",
                    "250-ENHANCEDSTATUSCODES", "250-STARTTLS", "250-DSN", "250 CHUNKING");
            assertThat(c.command("MAIL FROM:<alice@client.test> RET=HDRS ENVID=env+2B" + marker.substring(0, 8)))
                    .isEqualTo("250 2.1.0 Ok");
            assertThat(c.command("RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.test"))
                    .isEqualTo("250 2.1.5 Ok");
            assertThat(c.command("DATA")).startsWith("354 ");
            c.write("Message-ID: <" + marker + "@client.test>\r\nSubject: test\r\n\r\nhello\r\n..dot\r\n.\r\n");
            queueId = queueId(c.reply());
            assertThat(c.command("QUIT")).isEqualTo("221 2.0.0 Bye");
        }

        ConsumerRecord<byte[], byte[]> record = recordFor(bootstrap, Topics.INBOUND, queueId);
        String value = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(value).matches("(?s)Received: from client\\.test \\(\\[127\\.0\\.0\\.1\\]\\)\r\n"
                + "\tby mx\\.postmesh\\.test \\(Postmesh\\) with ESMTP id " + queueId + "\r\n"
                + "\tfor <bob@example\\.test>; \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\r\n"
                + "Message-ID: <" + marker + "@client\\.test>\r\nSubject: test\r\n\r\nhello\r\n\\.dot\r\n");

        Envelope envelope = Json.envelope(record.headers().lastHeader(MailHeaders.ENVELOPE).value());
        assertThat(envelope.queueId()).isEqualTo(queueId);
        assertThat(envelope.messageId()).isEqualTo("<" + marker + "@client.test>");
        assertThat(envelope.reversePath()).isEqualTo("alice@client.test");
        assertThat(envelope.recipients()).containsExactly(new Recipient("bob@example.test",
                Set.of(Notify.SUCCESS, Notify.FAILURE), "rfc822;bob@example.test"));
        assertThat(envelope.ret()).isEqualTo(Envelope.Ret.HDRS);
        assertThat(envelope.envId()).isEqualTo("env+2B" + marker.substring(0, 8));
        assertThat(envelope.tenant()).isEqualTo("default");
        assertThat(envelope.size()).isEqualTo(record.value().length);
        assertThat(envelope.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(envelope.heloName()).isEqualTo("client.test");
        assertThat(envelope.destination()).isNull();

        String traceparent = header(record, MailHeaders.TRACEPARENT);
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        String traceId = traceparent.substring(3, 35);

        MailEvent event = Json.event(recordFor(bootstrap, Topics.EVENTS, queueId).value());
        assertThat(event.type()).isEqualTo(MailEvent.EventType.ACCEPTED);
        assertThat(event.messageId()).isEqualTo("<" + marker + "@client.test>");
        assertThat(event.reply()).isEqualTo("250 2.0.0 Ok: queued as " + queueId);
        assertThat(event.traceId()).isEqualTo(traceId);

        SpanData span = await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> queueId.equals(s.getAttributes().get(MailSpans.QUEUE_ID))).findFirst().orElse(null),
                s -> s != null);
        assertThat(span.getName()).isEqualTo(MailSpans.INGRESS_ACCEPT);
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getTraceId()).isEqualTo(traceId);
        assertThat(span.getAttributes().get(MailSpans.SMTP_REPLY)).isEqualTo("250 2.0.0 Ok: queued as " + queueId);
        assertThat(span.getAttributes().get(MailSpans.MESSAGE_ID)).isEqualTo("<" + marker + "@client.test>");
        assertThat(span.getAttributes().get(MailSpans.CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(span.getAttributes().get(MailSpans.RECIPIENT_COUNT)).isEqualTo(1L);
        assertThat(span.getAttributes().get(MailSpans.MESSAGE_SIZE)).isEqualTo((long) record.value().length);
    }

    @Test
    void pipelinedTransactionsInOneWriteGetTheirRepliesInOrder() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            // RFC 2920: two whole transactions and QUIT in a single write.
            c.write("MAIL FROM:<a@client.test>\r\nRCPT TO:<b@example.test>\r\nRCPT TO:<c@example.test>\r\nDATA\r\n");
            assertThat(c.reply()).isEqualTo("250 2.1.0 Ok");
            assertThat(c.reply()).isEqualTo("250 2.1.5 Ok");
            assertThat(c.reply()).isEqualTo("250 2.1.5 Ok");
            assertThat(c.reply()).startsWith("354 ");
            c.write("Subject: one\r\n\r\nfirst\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<d@example.test>\r\nDATA\r\n");
            String first = queueId(c.reply());
            assertThat(c.reply()).isEqualTo("250 2.1.0 Ok");
            assertThat(c.reply()).isEqualTo("250 2.1.5 Ok");
            assertThat(c.reply()).startsWith("354 ");
            c.write("Subject: two\r\n\r\nsecond\r\n.\r\nQUIT\r\n");
            String second = queueId(c.reply());
            assertThat(c.reply()).isEqualTo("221 2.0.0 Bye");
            assertThat(c.closedByServer(10_000)).isTrue();

            assertThat(new String(recordFor(bootstrap, Topics.INBOUND, first).value(), StandardCharsets.UTF_8))
                    .endsWith("\r\nSubject: one\r\n\r\nfirst\r\n").doesNotContain("for <");
            ConsumerRecord<byte[], byte[]> two = recordFor(bootstrap, Topics.INBOUND, second);
            assertThat(new String(two.value(), StandardCharsets.UTF_8)).endsWith("\r\nSubject: two\r\n\r\nsecond\r\n");
            assertThat(Json.envelope(two.headers().lastHeader(MailHeaders.ENVELOPE).value()).nullReversePath())
                    .isTrue();
        }
    }

    @Test
    void smugglingAttemptsNeverEndTheDataEarlyAndAreRefused() throws Exception {
        String marker = UUID.randomUUID().toString();
        List<String> attempts = List.of(
                "Subject: a\r\n\r\nx\n.\nMAIL FROM:<" + marker + "@evil.test>\nRCPT TO:<v@example.test>\nDATA\n"
                        + "smuggled\n.\n",
                "Subject: b\r\n\r\nx\r\n.\nMAIL FROM:<" + marker + "@evil.test>\r\nRCPT TO:<v@example.test>\r\n"
                        + "DATA\r\nsmuggled\r\n.\n",
                "Subject: c\r\n\r\nx\r.\rMAIL FROM:<" + marker + "@evil.test>\r\n",
                "Subject: d\r\nX-Bare: lf\nhere\r\n\r\nbody\r\n");
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            for (String attempt : attempts) {
                c.command("MAIL FROM:<a@client.test>");
                c.command("RCPT TO:<b@example.test>");
                assertThat(c.command("DATA")).startsWith("354 ");
                c.write(attempt + "\r\n.\r\n");
                // Exactly one reply to the whole data, at the real CRLF.CRLF: nothing was read as commands.
                assertThat(c.reply()).isEqualTo(
                        "550 5.5.2 Error: bare <CR> or <LF> in message data (RFC 5321 2.3.8)");
            }
            // The session is still in step: a clean message goes through.
            c.command("MAIL FROM:<a@client.test>");
            c.command("RCPT TO:<b@example.test>");
            c.command("DATA");
            String sentinel = queueId(c.command("Subject: clean\r\n\r\nok\r\n."));
            try (TopicReader reader = TopicReader.open(bootstrap, Topics.INBOUND)) {
                List<ConsumerRecord<byte[], byte[]>> all = reader.await(
                        rs -> rs.stream().anyMatch(r -> key(r).equals(sentinel)), WAIT);
                assertThat(all).noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker));
            }
        }
    }

    @Test
    void sizeLimitIsEnforcedWhileReadingAndTheSessionGoesOn() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("MAIL FROM:<a@client.test> SIZE=65537")).isEqualTo(
                    "552 5.3.4 Error: message size exceeds fixed limit");
            c.command("MAIL FROM:<a@client.test> SIZE=1000");
            c.command("RCPT TO:<b@example.test>");
            c.command("DATA");
            String line = "x".repeat(998) + "\r\n";
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                body.append(line);
            }
            c.write(body.toString());
            assertThat(c.command(".")).isEqualTo("552 5.3.4 Error: message size exceeds fixed limit");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 Ok");
        }
    }

    @Test
    void overlongCommandLineIsRefusedAndTheConnectionClosed() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.write("NOOP " + "x".repeat(10_000));
            assertThat(c.reply()).isEqualTo("500 5.5.2 Error: line too long");
            assertThat(c.closedByServer(10_000)).isTrue();
        }
    }
}
