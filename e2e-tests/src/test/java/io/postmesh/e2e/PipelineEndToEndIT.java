package io.postmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import io.postmesh.testing.Ports;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.metrics.PrometheusSamples;
import io.postmesh.testing.otlp.OtlpReceiver;
import io.postmesh.testing.otlp.ReceivedSpan;
import io.postmesh.testing.process.ServiceProcess;
import io.postmesh.testing.redis.RedisServerProcess;
import io.postmesh.testing.smtp.ReceivedMessage;
import io.postmesh.testing.smtp.SmtpPeer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end: the four packaged services run as separate processes against a real
 * Kafka broker, a real Redis, a real DNS server and two real SMTP peers on loopback; a standard SMTP client
 * (Jakarta Mail) sends one message to two recipients, one of which the remote MX rejects with 550.
 *
 * <pre>
 * Jakarta Mail ─SMTP─▶ ingress ─▶ mail.inbound ─▶ queue ─▶ mail.delivery ─▶ delivery ─SMTP─▶ mx1.example.test (127.0.0.2)
 *                                     ▲                                        │ 550 for nobody@
 *                                     └──── DSN (null reverse path) ◀── bounce ◀┘ mail.failed
 *                                     ... ─▶ delivery ─SMTP─▶ mx.sender.test (127.0.0.3) receives the DSN
 * </pre>
 */
class PipelineEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final List<ServiceProcess> services = new ArrayList<>();
    private static TestDnsServer dns;
    private static SmtpPeer exampleMx;
    private static SmtpPeer senderMx;
    private static OtlpReceiver otlp;
    private static String bootstrap;
    private static int smtpPort;
    private static int queueHttpPort;

    @BeforeAll
    static void startPipeline() throws Exception {
        bootstrap = KafkaBroker.shared().bootstrapServers();
        String redis = RedisServerProcess.shared().uri();
        otlp = OtlpReceiver.start();

        int mxPort = Ports.freePort("127.0.0.2");
        exampleMx = SmtpPeer.start("127.0.0.2", mxPort)
                .rejectRecipient("nobody@example.test", "550 5.1.1 <nobody@example.test>: Recipient address rejected");
        senderMx = SmtpPeer.start("127.0.0.3", mxPort);
        dns = TestDnsServer.start(new Zones()
                .mx("example.test", 10, "mx1.example.test")
                .a("mx1.example.test", "127.0.0.2")
                .mx("sender.test", 10, "mx.sender.test")
                .a("mx.sender.test", "127.0.0.3"));

        Path logs = Files.createDirectories(Path.of("target/e2e-logs"));
        Map<String, String> common = Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.redis.hosts", redis,
                "quarkus.otel.exporter.otlp.traces.endpoint", otlp.endpoint(),
                "quarkus.otel.bsp.schedule.delay", "100ms",
                "quarkus.http.host", "127.0.0.1");
        smtpPort = Ports.freePort();
        Map<String, Map<String, String>> config = new HashMap<>();
        config.put("ingress-service", Map.of(
                "quarkus.http.port", Integer.toString(Ports.freePort()),
                "postmesh.ingress.smtp.port", Integer.toString(smtpPort),
                "postmesh.ingress.hostname", "ingress.postmesh.test"));
        queueHttpPort = Ports.freePort();
        config.put("queue-service", Map.of("quarkus.http.port", Integer.toString(queueHttpPort)));
        config.put("delivery-service", Map.of(
                "quarkus.http.port", Integer.toString(Ports.freePort()),
                "postmesh.delivery.mode", "mx",
                "postmesh.delivery.dns.server", dns.hostPort(),
                "postmesh.delivery.mx-port", Integer.toString(mxPort),
                "postmesh.delivery.helo-name", "out.postmesh.test"));
        config.put("bounce-service", Map.of(
                "quarkus.http.port", Integer.toString(Ports.freePort()),
                "postmesh.bounce.reporting-mta", "out.postmesh.test"));
        for (String module : List.of("ingress-service", "queue-service", "delivery-service", "bounce-service")) {
            Map<String, String> all = new HashMap<>(common);
            all.putAll(config.get(module));
            services.add(ServiceProcess.start(module, all, logs));
        }
    }

    @AfterAll
    static void stopPipeline() {
        services.forEach(ServiceProcess::close);
        if (exampleMx != null) {
            exampleMx.close();
        }
        if (senderMx != null) {
            senderMx.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    void aMessageTravelsThePipelineAndARejectedRecipientBouncesToTheSender() throws Exception {
        Session session = Session.getInstance(smtpProperties());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("alice@sender.test"));
        message.setRecipients(Message.RecipientType.TO, "bob@example.test, nobody@example.test");
        message.setSubject("Walking skeleton");
        message.setText("Hello Bob,\r\n.a line that starts with a dot\r\n\r\nAlice\r\n", "UTF-8");
        message.saveChanges();
        byte[] sent = crlf(bytesOf(message));

        String queueId;
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
            String reply = transport.getLastServerResponse();
            assertThat(reply).startsWith("250 2.0.0");
            queueId = reply.substring(reply.lastIndexOf(' ') + 1).strip();
        }

        // The remote MX got the exact bytes, behind our Received header, for the recipient it accepted.
        ReceivedMessage delivered = exampleMx.awaitMessages(1, WAIT).get(0);
        assertThat(delivered.reversePath()).isEqualTo("alice@sender.test");
        assertThat(delivered.recipients()).containsExactly("bob@example.test");
        String deliveredText = delivered.dataAsString();
        assertThat(deliveredText).startsWith("Received: from ");
        assertThat(deliveredText).contains("by ingress.postmesh.test", queueId);
        assertThat(delivered.data()).endsWith(sent);
        String added = deliveredText.substring(0, delivered.data().length - sent.length);
        assertThat(added).as("only our Received header (possibly folded) was added")
                .matches("Received: [^\\r\\n]*(\\r\\n[ \\t][^\\r\\n]*)*\\r\\n");

        // The sender's domain got one DSN for the rejected recipient, with a null reverse path.
        ReceivedMessage dsn = senderMx.awaitMessages(1, WAIT).get(0);
        assertThat(dsn.reversePath()).isEmpty();
        assertThat(dsn.recipients()).containsExactly("alice@sender.test");
        MimeMessage report = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(dsn.data()));
        assertThat(report.getContentType()).contains("multipart/report").contains("delivery-status");
        MimeMultipart parts = (MimeMultipart) report.getContent();
        String status = new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("message/delivery-status");
        assertThat(status).containsIgnoringCase("Final-Recipient: rfc822; nobody@example.test")
                .contains("Action: failed").contains("Status: 5.1.1");

        // mail.events shows the message accepted, bob delivered and nobody bounced.
        try (TopicReader events = TopicReader.open(bootstrap, Topics.EVENTS)) {
            List<ConsumerRecord<byte[], byte[]>> records = events.await(rs -> typesFor(rs, queueId)
                    .containsAll(Set.of(EventType.ACCEPTED, EventType.DELIVERED, EventType.BOUNCED)), WAIT);
            List<MailEvent> mine = records.stream().map(r -> Json.event(r.value()))
                    .filter(e -> queueId.equals(e.queueId())).toList();
            assertThat(mine).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(EventType.DELIVERED);
                assertThat(e.recipient()).isEqualTo("bob@example.test");
                assertThat(e.remoteMta()).isEqualTo("mx1.example.test");
            });
            assertThat(mine).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(EventType.BOUNCED);
                assertThat(e.recipient()).isEqualTo("nobody@example.test");
                assertThat(e.status()).isEqualTo("5.1.1");
            });
        }

        // The queue service's Prometheus metrics counted the delivery and the bounce for example.test.
        assertThat(awaitMetric("postmesh_events_total", "type=\"DELIVERED\"", "site=\"example.test\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(awaitMetric("postmesh_events_total", "type=\"BOUNCED\"", "site=\"example.test\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(awaitMetric("postmesh_delivery_latency_seconds_count")).isGreaterThanOrEqualTo(1.0);

        // One trace: accept → schedule → delivery attempt → bounce → the DSN's own schedule and delivery.
        List<ReceivedSpan> spans = otlp.awaitSpans(all -> traceOf(all, queueId).stream()
                .map(ReceivedSpan::name).collect(Collectors.toSet())
                .containsAll(Set.of("ingress accept", "queue schedule", "delivery attempt", "bounce dsn"))
                && traceOf(all, queueId).stream().filter(s -> s.name().equals("delivery attempt")).count() >= 2,
                WAIT);
        List<ReceivedSpan> trace = traceOf(spans, queueId);
        assertThat(trace).extracting(ReceivedSpan::serviceName).contains(
                "ingress-service", "queue-service", "delivery-service", "bounce-service");
        assertThat(trace).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("delivery attempt");
            assertThat(s.attributes()).containsEntry("postmesh.mx_host", "mx1.example.test")
                    .containsEntry("postmesh.recipient_domain", "example.test");
            assertThat(s.attributes().get("smtp.reply")).startsWith("250");
        });
        assertThat(trace).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("delivery attempt");
            assertThat(s.attributes()).containsEntry("postmesh.mx_host", "mx.sender.test");
        });
        assertThat(trace).filteredOn(s -> s.name().equals("ingress accept")).singleElement()
                .satisfies(s -> assertThat(s.attributes()).containsEntry("postmesh.queue_id", queueId));
    }

    /**
     * Scrapes the queue service's /q/metrics until the samples of {@code name} whose labels contain all of
     * {@code labels} add up to at least 1 (the tracker counts asynchronously); returns that sum.
     */
    private static double awaitMetric(String name, String... labels) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queueHttpPort + "/q/metrics"))
                .build();
        long deadline = System.nanoTime() + WAIT.toNanos();
        double sum = 0;
        while (sum < 1 && System.nanoTime() < deadline) {
            sum = PrometheusSamples.sum(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body(), name, labels);
            if (sum < 1) {
                // A poll of a scrape endpoint: there is no event to wait for.
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            }
        }
        return sum;
    }

    /** The spans of the trace whose "ingress accept" span carries {@code queueId}. */
    private static List<ReceivedSpan> traceOf(List<ReceivedSpan> spans, String queueId) {
        return spans.stream()
                .filter(s -> s.name().equals("ingress accept") && queueId.equals(s.attributes().get("postmesh.queue_id")))
                .map(ReceivedSpan::traceId)
                .findFirst()
                .map(traceId -> spans.stream().filter(s -> s.traceId().equals(traceId)).toList())
                .orElse(List.of());
    }

    private static Set<EventType> typesFor(List<ConsumerRecord<byte[], byte[]>> records, String queueId) {
        return records.stream().map(r -> Json.event(r.value())).filter(e -> queueId.equals(e.queueId()))
                .map(MailEvent::type).collect(Collectors.toSet());
    }

    private static Properties smtpProperties() {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(smtpPort));
        p.put("mail.smtp.localhost", "client.e2e.test");
        p.put("mail.smtp.timeout", "60000");
        return p;
    }

    private static byte[] bytesOf(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** The bytes as they go over SMTP: every line ending CRLF (Jakarta Mail's SMTP transport does the same). */
    private static byte[] crlf(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
        if (!text.endsWith("\r\n")) {
            text += "\r\n";
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
