package io.postmesh.queue.tracking;

import io.postmesh.kafka.UntilDone;
import io.postmesh.model.Addresses;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import io.postmesh.queue.control.RedisQueueDepth;
import io.postmesh.queue.metrics.PipelineMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code mail.events} (channel {@code events}, group {@code queue-service-tracking}) into the message
 * tracking index, the campaign reports, the queue depth and the pipeline's outcome metrics. The offset is committed after the Redis writes,
 * so a crash replays events; the merge and the report counters tolerate that.
 */
@ApplicationScoped
public class EventTracker {
    private static final Logger LOG = Logger.getLogger(EventTracker.class);

    private final TrackingStore store;
    private final RedisQueueDepth depth;
    private final PipelineMetrics metrics;

    public EventTracker(TrackingStore store, RedisQueueDepth depth, PipelineMetrics metrics) {
        this.store = store;
        this.depth = depth;
        this.metrics = metrics;
    }

    @Incoming("events")
    public CompletionStage<Void> track(ConsumerRecord<byte[], byte[]> record) {
        // A failure (Redis or Kafka away for a while) is retried in place instead of stopping the channel.
        return UntilDone.retry("tracking " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> trackOnce(record));
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
                .chain(applied -> countOut(event, applied)).subscribeAsCompletionStage();
    }

    private Uni<Void> countOut(MailEvent event, TrackingStore.Applied applied) {
        // SUPPRESSED recipients never entered the queue, so they are not counted out of it.
        if (!applied.becameTerminal() || event.type() == EventType.SUPPRESSED) {
            return Uni.createFrom().voidItem();
        }
        String destination = event.destination() != null ? event.destination() : Addresses.domainOf(event.recipient());
        return depth.dequeued(event.tenant(), destination, applied.lane(), 1);
    }
}
