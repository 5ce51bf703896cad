package io.postmesh.queue.retry.bench;

import static org.awaitility.Awaitility.await;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.queue.retry.RetryTiers;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a CI test ({@code @Tag("bench")}, excluded by default; run with
 * {@code mvn -pl queue-service verify -Dgroups=bench -Dtest=RetryBacklogBench}). Measures (1) how fast
 * {@code DeferredScheduler} reschedules deferred jobs, and (2) what a paused backlog of a million jobs on
 * {@code mail.retry.6h} costs the queue service: the claim is Kafka disk, not heap. Figures go to stdout and
 * {@code target/retry-bench.txt}.
 */
@Tag("bench")
@QuarkusTest
@TestProfile(BenchProfile.class)
@WithTestResource(PipelineInfra.class)
class RetryBacklogBench {
    private static final int DEFERRED = 50_000;
    private static final int BACKLOG = 1_000_000;
    private static final byte[] BODY = body(1024);

    @Inject
    RetryTiers tiers;

    @Test
    void pausedBacklogCostsDiskNotHeap() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        StringBuilder report = new StringBuilder();
        Memory empty = Memory.measure();
        report.append("empty tiers:   ").append(empty).append('\n');

        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long start = System.nanoTime();
            for (int i = 0; i < DEFERRED; i++) {
                producer.send(record(Topics.DEFERRED, i, null));
            }
            producer.flush();
            long written = System.nanoTime();
            awaitCommitted(admin, "queue-service", Topics.DEFERRED, Duration.ofMinutes(10));
            long done = System.nanoTime();
            report.append(String.format("deferred → tier: %d jobs written in %.1fs, all rescheduled (committed) after"
                            + " %.1fs: %.0f jobs/s%n", DEFERRED, secs(written - start), secs(done - start),
                    DEFERRED / secs(done - start)));

            Instant due = Instant.now().plus(Duration.ofDays(1));
            start = System.nanoTime();
            for (int i = 0; i < BACKLOG; i++) {
                producer.send(record("mail.retry.6h", i, due));
            }
            producer.flush();
            report.append(String.format("backlog: %d jobs of %d B written to mail.retry.6h in %.1fs%n", BACKLOG,
                    BODY.length, secs(System.nanoTime() - start)));
        }
        // Every partition of the 6h tier swept (read to its end) twice after the backlog was complete.
        long sweeps = tiers.sweeps();
        long sweepStart = System.nanoTime();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> tiers.sweeps() >= sweeps + 12);
        report.append(String.format("12 sweeps over the backlog took %.1fs (sweep interval 10s)%n",
                secs(System.nanoTime() - sweepStart)));
        Memory full = Memory.measure();
        report.append("1M paused:     ").append(full).append('\n');
        report.append(String.format("difference:    heap %+.1f MiB, RSS %+.1f MiB%n", full.heapMiB - empty.heapMiB,
                full.rssMiB - empty.rssMiB));
        System.out.println("\n=== retry benchmark ===\n" + report);
        Files.writeString(Path.of("target/retry-bench.txt"), report.toString());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int i, Instant due) {
        String destination = "bench" + (i % 1000) + ".test";
        Envelope job = Envelope.builder().queueId(String.format("BENCH%010d", i)).reversePath("s@origin.test")
                .tenant("bench").destination(destination).attempt(1).firstSeen(Instant.now())
                .recipients(List.of(Recipient.of("r" + i + "@" + destination))).size(BODY.length).build();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                destination.getBytes(StandardCharsets.UTF_8), BODY);
        record.headers().add(MailHeaders.ENVELOPE, Json.write(job));
        if (due != null) {
            record.headers().add(MailHeaders.DUE_AT, Long.toString(due.toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }

    private static void awaitCommitted(Admin admin, String group, String topic, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 6; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || committed.containsKey(e.getKey()) && committed.get(e.getKey()).offset() >= e.getValue().offset());
        });
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        byte[] head = "Subject: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        return body;
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    /** Heap in use after a full GC, and the process's resident set (Linux /proc). */
    record Memory(double heapMiB, double rssMiB) {
        static Memory measure() throws Exception {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rssKb = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                    .findFirst().orElse(-1);
            return new Memory(heap / 1048576.0, rssKb / 1024.0);
        }

        @Override
        public String toString() {
            return String.format("heap after GC %.1f MiB, RSS %.1f MiB", heapMiB, rssMiB);
        }
    }
}
