package io.postmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.model.Verp;
import io.postmesh.testing.Ports;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.otlp.OtlpReceiver;
import io.postmesh.testing.otlp.ReceivedSpan;
import io.postmesh.testing.process.ServiceProcess;
import io.postmesh.testing.redis.RedisServerProcess;
import io.postmesh.testing.smtp.ReceivedMessage;
import io.postmesh.testing.smtp.SmtpPeer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * VERP end to end: delivery sends a job from a signed VERP address; the remote side later returns an
 * asynchronous DSN to that address through ingress (bounce domain → mail.bounces.inbound); the bounce service
 * attributes it to the original message, tenant and recipient, suppresses the recipient, and its span links to
 * the original message's trace. Ingress, delivery and bounce run as processes.
 */
class AsyncBounceIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String BOUNCE_DOMAIN = "bounces.postmesh.test";
    private static final String SECRET = "e2e-verp-secret-0123456789";
    private static final String TRACE_ID = "5af7183fc1d2e3f4a5b6c7d8e9f00112";

    @Test
    void anAsyncDsnToAVerpAddressIsAttributedToTheRightMessageAndTenant() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String redis = RedisServerProcess.shared().uri();
        String domain = "remote-" + QueueIds.next().toLowerCase() + ".test";
        String recipient = "moved@" + domain;
        String tenant = "verptenant";
        int mxPort = Ports.freePort("127.0.0.2");
        int smtpPort = Ports.freePort();
        int bounceHttp = Ports.freePort();
        Path logs = Files.createDirectories(Path.of("target/e2e-logs/async-bounce"));

        try (OtlpReceiver otlp = OtlpReceiver.start();
             SmtpPeer mx = SmtpPeer.start("127.0.0.2", mxPort);
             TestDnsServer dns = TestDnsServer.start(new Zones().mx(domain, 10, "mx." + domain).a("mx." + domain, "127.0.0.2"));
             TopicReader events = TopicReader.open(bootstrap, Topics.EVENTS);
             TopicWriter writer = TopicWriter.open(bootstrap)) {
            Map<String, String> common = Map.of("kafka.bootstrap.servers", bootstrap, "quarkus.redis.hosts", redis,
                    "quarkus.http.host", "127.0.0.1",
                    "quarkus.otel.exporter.otlp.traces.endpoint", otlp.endpoint(),
                    "quarkus.otel.bsp.schedule.delay", "100ms");
            List<ServiceProcess> services = new ArrayList<>();
            try {
                services.add(ServiceProcess.start("ingress-service", with(common, Map.of(
                        "quarkus.http.port", Integer.toString(Ports.freePort()),
                        "postmesh.ingress.smtp.port", Integer.toString(smtpPort),
                        "postmesh.ingress.trusted-networks", "none",
                        "postmesh.ingress.bounce-domain", BOUNCE_DOMAIN)), logs));
                services.add(ServiceProcess.start("delivery-service", with(common, Map.of(
                        "quarkus.http.port", Integer.toString(Ports.freePort()),
                        "postmesh.delivery.mode", "mx",
                        "postmesh.delivery.dns.server", dns.hostPort(),
                        "postmesh.delivery.mx-port", Integer.toString(mxPort),
                        "postmesh.delivery.verp.enabled", "true",
                        "postmesh.delivery.verp.domain", BOUNCE_DOMAIN,
                        "postmesh.delivery.verp.secret", SECRET,
                        "mp.messaging.incoming.jobs.group.id", "verp-delivery-" + domain)), logs));
                services.add(ServiceProcess.start("bounce-service", with(common, Map.of(
                        "quarkus.http.port", Integer.toString(bounceHttp),
                        "postmesh.bounce.verp.domain", BOUNCE_DOMAIN,
                        "postmesh.bounce.verp.secret", SECRET)), logs));

                // 1. A job goes out; the remote MX accepts it from a VERP reverse path.
                String queueId = QueueIds.next();
                Envelope job = Envelope.builder().queueId(queueId).reversePath("news@sender.test").tenant(tenant)
                        .destination(domain).recipients(List.of(Recipient.of(recipient))).build();
                ProducerRecord<byte[], byte[]> record = TopicWriter.record(Topics.DELIVERY, domain, job,
                        ("Subject: newsletter " + queueId + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8));
                record.headers().add(MailHeaders.TRACEPARENT,
                        ("00-" + TRACE_ID + "-1a2b3c4d5e6f7081-01").getBytes(StandardCharsets.US_ASCII));
                writer.send(record);
                ReceivedMessage sent = mx.awaitMessages(1, WAIT).get(0);
                String verp = sent.reversePath();
                assertThat(Verp.parse(SECRET, BOUNCE_DOMAIN, verp)).isPresent();

                // 2. Later the remote side bounces it asynchronously, to the VERP address, through ingress.
                assertThat(smtp(smtpPort, verp, dsn(recipient, queueId))).startsWith("250");

                // 3. The bounce is attributed to the original message, tenant and recipient, and suppresses it.
                MailEvent bounced = events.await(rs -> bouncedFor(rs, queueId) != null, WAIT).stream()
                        .map(r -> Json.event(r.value())).filter(e -> e.type() == EventType.BOUNCED
                                && queueId.equals(e.queueId())).findFirst().orElseThrow();
                assertThat(bounced.tenant()).isEqualTo(tenant);
                assertThat(bounced.recipient()).isEqualTo(recipient);
                assertThat(bounced.status()).isEqualTo("5.1.1");
                // The suppression follows from that event (BouncedEventConsumer reads mail.events): await it.
                HttpRequest lookup = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + bounceHttp + "/v1/suppressions/" + tenant + "/" + recipient)).build();
                HttpResponse<String> suppression = Awaitility.await("suppression of " + recipient).atMost(WAIT)
                        .until(() -> HttpClient.newHttpClient().send(lookup, HttpResponse.BodyHandlers.ofString()),
                                response -> response.statusCode() != 404);
                assertThat(suppression.statusCode()).as(suppression.body()).isEqualTo(200);
                assertThat(suppression.body()).contains(recipient);

                // 4. The async bounce's span links to the original message's trace.
                List<ReceivedSpan> spans = otlp.awaitSpans(all -> all.stream().anyMatch(s ->
                        s.name().equals("bounce async") && s.linkedTraceIds().contains(TRACE_ID)), WAIT);
                assertThat(spans).anySatisfy(s -> {
                    assertThat(s.name()).isEqualTo("delivery attempt");
                    assertThat(s.traceId()).isEqualTo(TRACE_ID);
                });
            } finally {
                services.forEach(ServiceProcess::close);
            }
        }
    }

    private static MailEvent bouncedFor(List<ConsumerRecord<byte[], byte[]>> records, String queueId) {
        return records.stream().map(r -> Json.event(r.value()))
                .filter(e -> e.type() == EventType.BOUNCED && queueId.equals(e.queueId())).findFirst().orElse(null);
    }

    /** An RFC 3464 report as a remote MTA would send it, some time after accepting the message. */
    private static String dsn(String recipient, String queueId) {
        return "From: MAILER-DAEMON@mx.remote.test\r\n"
                + "To: postmaster\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n"
                + "\r\n"
                + "--b1\r\nContent-Type: text/plain\r\n\r\nThe mailbox is gone.\r\n"
                + "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.remote.test\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\n"
                + "Action: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: mailbox moved away\r\n"
                + "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: newsletter " + queueId + "\r\n"
                + "--b1--\r\n";
    }

    /** One SMTP transaction with a null reverse path, as a remote MTA sends a bounce; returns the final reply. */
    private static String smtp(int port, String to, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            reply(in);
            for (String command : List.of("EHLO mx.remote.test", "MAIL FROM:<>", "RCPT TO:<" + to + ">", "DATA")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = reply(in);
                if (!(reply.startsWith("2") || reply.startsWith("3"))) {
                    return reply;
                }
            }
            out.write((body + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String last = reply(in);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return last;
        }
    }

    private static String reply(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line == null ? "" : line;
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new HashMap<>(a);
        all.putAll(b);
        return all;
    }
}
