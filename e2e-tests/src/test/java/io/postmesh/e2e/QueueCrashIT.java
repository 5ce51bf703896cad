package io.postmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
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
import io.postmesh.testing.smtp.ReceivedMessage;
import io.postmesh.testing.smtp.SmtpPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The queue service is killed with SIGKILL while inbound mail is still arriving and started again: every message
 * still reaches the remote MX exactly once (re-read inbound records are scheduled again; the delivery service's
 * delivered-markers absorb the duplicate jobs).
 */
class QueueCrashIT {
    private static final int MESSAGES = 400;

    /** The backlog is written at this pace, so the queue is still busy with it when it is killed. */
    private static final Duration PACE = Duration.ofMillis(50);

    @Test
    void killingTheQueueServiceMidBacklogLosesAndDuplicatesNothing() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String redis = RedisServerProcess.shared().uri();
        int mxPort = Ports.freePort("127.0.0.2");
        Path logs = Files.createDirectories(Path.of("target/e2e-logs/queue-crash"));
        String domain = "crash-" + QueueIds.next().toLowerCase() + ".test";
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (SmtpPeer mx = SmtpPeer.start("127.0.0.2", mxPort);
             TestDnsServer dns = TestDnsServer.start(new Zones().mx(domain, 10, "mx." + domain).a("mx." + domain, "127.0.0.2"));
             TopicReader jobs = TopicReader.open(bootstrap, Topics.DELIVERY);
             TopicWriter writer = TopicWriter.open(bootstrap)) {
            Map<String, String> common = Map.of(
                    "kafka.bootstrap.servers", bootstrap,
                    "quarkus.redis.hosts", redis,
                    "quarkus.otel.sdk.disabled", "true",
                    "quarkus.http.host", "127.0.0.1");
            Map<String, String> queueConfig = new HashMap<>(common);
            queueConfig.put("quarkus.http.port", Integer.toString(Ports.freePort()));
            queueConfig.put("mp.messaging.incoming.inbound.group.id", "queue-crash-" + domain);
            // The killed member's partitions move to the restarted one when its session expires: keep that short.
            queueConfig.put("mp.messaging.incoming.inbound.session.timeout.ms", "10000");
            queueConfig.put("mp.messaging.incoming.inbound.heartbeat.interval.ms", "1000");
            Map<String, String> deliveryConfig = new HashMap<>(common);
            deliveryConfig.put("quarkus.http.port", Integer.toString(Ports.freePort()));
            deliveryConfig.put("postmesh.delivery.mode", "mx");
            deliveryConfig.put("postmesh.delivery.dns.server", dns.hostPort());
            deliveryConfig.put("postmesh.delivery.mx-port", Integer.toString(mxPort));
            deliveryConfig.put("mp.messaging.incoming.jobs.group.id", "delivery-crash-" + domain);

            List<ProducerRecord<byte[], byte[]>> backlog = new ArrayList<>();
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < MESSAGES; i++) {
                String queueId = QueueIds.next();
                String subject = "crash " + i + " " + queueId;
                sent.add(subject);
                Envelope envelope = Envelope.builder().queueId(queueId).reversePath("s@src.test")
                        .recipients(List.of(Recipient.of("u" + i + "@" + domain))).build();
                backlog.add(TopicWriter.record(Topics.INBOUND, queueId, envelope,
                        ("Subject: " + subject + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8)));
            }

            try (ServiceProcess delivery = ServiceProcess.start("delivery-service", deliveryConfig, logs)) {
                ServiceProcess queue = ServiceProcess.start("queue-service", queueConfig, logs);
                // Inbound mail keeps arriving at a steady pace while the queue works through it.
                AtomicInteger written = new AtomicInteger();
                pacer.scheduleAtFixedRate(() -> {
                    int next = written.get();
                    if (next < MESSAGES) {
                        writer.send(backlog.get(next));
                        written.incrementAndGet();
                    }
                }, 0, PACE.toMillis(), TimeUnit.MILLISECONDS);
                // Let it get part of the way through the backlog, then pull the plug.
                jobs.await(rs -> count(rs, domain) >= MESSAGES / 8, Duration.ofSeconds(120));
                queue.kill();
                int writtenAtCrash = written.get();
                try (ServiceProcess restarted = ServiceProcess.start("queue-service", queueConfig, logs)) {
                    List<ReceivedMessage> received = mx.awaitMessages(MESSAGES, Duration.ofSeconds(240));
                    // Every job the restarted queue (re)scheduled is in the topic before we count arrivals.
                    jobs.await(rs -> count(rs, domain) >= MESSAGES, Duration.ofSeconds(60));

                    Map<String, Long> perMessage = mx.messages().stream()
                            .map(m -> subjectOf(m.dataAsString()))
                            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                    assertThat(writtenAtCrash).as("the queue died with inbound mail still arriving")
                            .isLessThan(MESSAGES);
                    assertThat(perMessage.keySet()).as("every message arrived").isEqualTo(sent);
                    assertThat(perMessage.values()).as("none arrived twice").allMatch(n -> n == 1);
                    assertThat(received).hasSize(MESSAGES);
                }
            }
        } finally {
            pacer.shutdownNow();
        }
    }

    private static long count(List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records,
                              String domain) {
        return records.stream().filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(domain))
                .map(r -> Json.envelope(r.headers().lastHeader(MailHeaders.ENVELOPE).value()).queueId())
                .distinct().count();
    }

    private static String subjectOf(String data) {
        for (String line : data.split("\r\n")) {
            if (line.startsWith("Subject: ")) {
                return line.substring("Subject: ".length());
            }
        }
        return "";
    }
}
