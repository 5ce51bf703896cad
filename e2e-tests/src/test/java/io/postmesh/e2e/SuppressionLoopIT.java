package io.postmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.testing.Ports;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.process.ServiceProcess;
import io.postmesh.testing.redis.RedisServerProcess;
import io.postmesh.testing.smtp.SmtpPeer;
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
import org.junit.jupiter.api.Test;

/**
 * The bounce loop closed across services: a recipient that the remote MX rejects with 550 5.1.1 is suppressed by
 * the bounce service, and the next message to it is never sent (the queue service drops it with a SUPPRESSED
 * event) — queue, delivery and bounce running as processes.
 */
class SuppressionLoopIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aHardBounceSuppressesTheRecipientAndTheNextMessageIsNeverSent() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String redis = RedisServerProcess.shared().uri();
        String domain = "loop-" + QueueIds.next().toLowerCase() + ".test";
        String dead = "gone@" + domain;
        String tenant = "looptenant";
        int mxPort = Ports.freePort("127.0.0.2");
        int bounceHttp = Ports.freePort();
        Path logs = Files.createDirectories(Path.of("target/e2e-logs/suppression-loop"));
        Map<String, String> common = Map.of("kafka.bootstrap.servers", bootstrap, "quarkus.redis.hosts", redis,
                "quarkus.otel.sdk.disabled", "true", "quarkus.http.host", "127.0.0.1");

        try (SmtpPeer mx = SmtpPeer.start("127.0.0.2", mxPort).rejectRecipient(dead, "550 5.1.1 <" + dead + ">: no such user");
             TestDnsServer dns = TestDnsServer.start(new Zones().mx(domain, 10, "mx." + domain).a("mx." + domain, "127.0.0.2"));
             TopicReader events = TopicReader.open(bootstrap, Topics.EVENTS);
             TopicWriter writer = TopicWriter.open(bootstrap)) {
            List<ServiceProcess> services = new ArrayList<>();
            try {
                services.add(ServiceProcess.start("queue-service", with(common, Map.of(
                        "quarkus.http.port", Integer.toString(Ports.freePort()),
                        "mp.messaging.incoming.inbound.group.id", "loop-queue-" + domain)), logs));
                services.add(ServiceProcess.start("delivery-service", with(common, Map.of(
                        "quarkus.http.port", Integer.toString(Ports.freePort()),
                        "postmesh.delivery.mode", "mx",
                        "postmesh.delivery.dns.server", dns.hostPort(),
                        "postmesh.delivery.mx-port", Integer.toString(mxPort),
                        "mp.messaging.incoming.jobs.group.id", "loop-delivery-" + domain)), logs));
                services.add(ServiceProcess.start("bounce-service", with(common, Map.of(
                        "quarkus.http.port", Integer.toString(bounceHttp))), logs));

                String first = send(writer, tenant, dead);
                await(events, first, EventType.BOUNCED);
                HttpResponse<String> entry = awaitSuppressed(bounceHttp, tenant, dead);
                assertThat(entry.body()).contains("5.1.1");

                String second = send(writer, tenant, dead);
                MailEvent suppressed = await(events, second, EventType.SUPPRESSED);
                assertThat(suppressed.recipient()).isEqualTo(dead);
                assertThat(mx.transcript().stream().filter(l -> l.toLowerCase().startsWith("rcpt to:<" + dead + ">")).count())
                        .as("only the first message was ever offered to the MX").isEqualTo(1);
            } finally {
                services.forEach(ServiceProcess::close);
            }
        }
    }

    private static String send(TopicWriter writer, String tenant, String recipient) {
        String queueId = QueueIds.next();
        Envelope envelope = Envelope.builder().queueId(queueId).reversePath("sender@src.test").tenant(tenant)
                .recipients(List.of(Recipient.of(recipient))).build();
        writer.send(TopicWriter.record(Topics.INBOUND, queueId, envelope,
                ("Subject: loop " + queueId + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8)));
        return queueId;
    }

    private static MailEvent await(TopicReader events, String queueId, EventType type) {
        List<ConsumerRecord<byte[], byte[]>> records = events.await(rs -> find(rs, queueId, type) != null, WAIT);
        return find(records, queueId, type);
    }

    private static MailEvent find(List<ConsumerRecord<byte[], byte[]>> records, String queueId, EventType type) {
        return records.stream().map(r -> Json.event(r.value()))
                .filter(e -> queueId.equals(e.queueId()) && e.type() == type).findFirst().orElse(null);
    }

    /** The bounce service applies the policy after the event: wait for the entry through its REST API. */
    private static HttpResponse<String> awaitSuppressed(int port, String tenant, String address) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/suppressions/"
                + tenant + "/" + address)).GET().build();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 || System.nanoTime() > deadline) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                return response;
            }
            Thread.sleep(200); // polling another process's HTTP API: there is no event to await here
        }
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new HashMap<>(a);
        all.putAll(b);
        return all;
    }
}
