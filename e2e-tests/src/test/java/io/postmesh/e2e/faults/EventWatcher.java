package io.postmesh.e2e.faults;

import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads mail.events for the whole run on a thread of its own and tells the ledger of every permanent outcome
 * (BOUNCED, EXPIRED), by the bench id inside the Message-ID the generator wrote ({@code <ID@loadgen...>}).
 * The consumer reconnects by itself when the broker restarts.
 */
final class EventWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FaultLedger ledger;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long events;

    private EventWatcher(String bootstrap, FaultLedger ledger) {
        this.ledger = ledger;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "fault-harness-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        consumer.subscribe(List.of(Topics.EVENTS));
        thread = new Thread(this::loop, "fault-harness-events");
        thread.setDaemon(true);
    }

    static EventWatcher start(String bootstrap, FaultLedger ledger) {
        EventWatcher watcher = new EventWatcher(bootstrap, ledger);
        watcher.thread.start();
        return watcher;
    }

    long events() {
        return events;
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    events++;
                    MailEvent event = parse(record.value());
                    if (event != null && (event.type() == EventType.BOUNCED || event.type() == EventType.EXPIRED)) {
                        String id = benchId(event.messageId());
                        if (id != null) {
                            ledger.permanentOutcome(id, event.type().name());
                        }
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll.
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static MailEvent parse(byte[] value) {
        try {
            return value == null ? null : Json.event(value);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** {@code <abc-12@loadgen.bench.test>} → {@code abc-12}; null for any other Message-ID. */
    static String benchId(String messageId) {
        if (messageId == null) {
            return null;
        }
        String id = messageId.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        int at = id.indexOf('@');
        return at > 0 && id.endsWith("@loadgen.bench.test") ? id.substring(0, at) : null;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
