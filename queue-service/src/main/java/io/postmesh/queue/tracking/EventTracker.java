package io.postmesh.queue.tracking;

import io.postmesh.kafka.UntilDone;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.Topics;
import io.postmesh.queue.metrics.PipelineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code mail.events} (channel {@code events}, group {@code queue-service-tracking}, batch mode) into the
 * message tracking index, the campaign reports, the queue depth and the pipeline's outcome metrics.
 *
 * <p>Each poll's records come as one batch. Events of one queue id (the record key; they share a partition) are
 * applied one after another in record order, because {@link TrackingStore#apply} reads, merges and writes the
 * message's hash; different queue ids run concurrently. The batch is acknowledged (its offsets committed) only
 * when every record's Redis writes are done, so a crash replays events; the merge and the report counters
 * tolerate that. A failing record is retried in place ({@link UntilDone}) and holds back only its own queue
 * id's later events and the batch's acknowledgement.
 */
@ApplicationScoped
public class EventTracker {
    private static final Logger LOG = Logger.getLogger(EventTracker.class);

    private final TrackingStore store;
    private final PipelineMetrics metrics;

    public EventTracker(TrackingStore store, PipelineMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Incoming("events")
    public CompletionStage<Void> track(ConsumerRecords<byte[], byte[]> records) {
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> ordered : byQueueId(records).values()) {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (ConsumerRecord<byte[], byte[]> record : ordered) {
                chain = chain.thenCompose(done -> trackUntilDone(record));
            }
            chains.add(chain);
        }
        return CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new));
    }

    /**
     * The batch's records grouped by queue id, each group in record order. ConsumerRecords iterates partition by
     * partition in offset order, so a group's order is its partition's. Records without a key are grouped by
     * partition, which keeps them in partition order too.
     */
    static Map<String, List<ConsumerRecord<byte[], byte[]>>> byQueueId(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> groups = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String group = record.key() == null ? "partition:" + record.partition()
                    : "key:" + new String(record.key(), StandardCharsets.UTF_8);
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(record);
        }
        return groups;
    }

    private CompletableFuture<Void> trackUntilDone(ConsumerRecord<byte[], byte[]> record) {
        // A failure (Redis or Kafka away for a while) is retried in place instead of stopping the channel.
        return UntilDone.retry("tracking " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> trackOnce(record)).toCompletableFuture();
    }

    CompletionStage<Void> trackOnce(ConsumerRecord<byte[], byte[]> record) {
        MailEvent event;
        try {
            event = Json.event(record.value());
        } catch (IllegalArgumentException | NullPointerException e) {
            // Not an event we can read: replaying it cannot help.
            LOG.errorf("skipping unreadable %s record at offset %d: %s", Topics.EVENTS, record.offset(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        if (event.type() == null || event.queueId() == null) {
            return CompletableFuture.completedFuture(null); // a type newer than this reader, or not about a message
        }
        return store.apply(event)
                .invoke(applied -> {
                    if (applied.news()) {
                        metrics.record(event, applied.acceptedAt());
                    }
                })
                .replaceWithVoid().subscribeAsCompletionStage();
    }
}
