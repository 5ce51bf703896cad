package io.postmesh.queue.retry;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a {@link TierConsumer} does with the records of its tier; it keeps the Kafka mechanics to itself. */
public interface TierHandler {

    /**
     * Epoch milliseconds at which the record becomes due: its {@code pm-due-at}, or 0 (due now) when an operator
     * flushed or purged its tenant or destination after it was deferred, or when it cannot be read.
     * Called again and again for paused heads: must be cheap.
     */
    long dueAt(ConsumerRecord<byte[], byte[]> record);

    /** The record is due: route it (or drop it if purged). Completes when everything written is durable. */
    CompletableFuture<Void> release(ConsumerRecord<byte[], byte[]> record);

    /** Changes when operator rules change (retry now, purge): paused partitions are swept at once then. */
    default long rulesVersion() {
        return 0;
    }

    /** The record is not due but must leave its place (a sweep): write it again at the end of its tier. */
    CompletableFuture<Void> reappend(ConsumerRecord<byte[], byte[]> record);
}
