package io.postmesh.queue.retry;

import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a {@link TierConsumer} remembers about one assigned partition: whether it is paused and until when, the
 * head it is paused on (headers only, no body), and the state of a sweep. A few dozen bytes per partition however
 * long the backlog behind the head. Confined to the consumer's thread.
 */
final class TierPartition {
    private long pausedUntil = -1;
    private ConsumerRecord<byte[], byte[]> head;
    private long headOffset = -1;
    private long lastSweep;
    private long scanEnd = -1;
    private long lastMatch = -1;
    private long drainUntil = -1;

    /** Whether a paused partition should be resumed: its time came, or its head became due (flush, purge). */
    boolean wakes(long now, TierHandler handler) {
        return !scanning() && pausedUntil >= 0 && (now >= pausedUntil || head != null && handler.dueAt(head) <= now);
    }

    void resumed() {
        pausedUntil = -1;
        head = null;
    }

    /** Paused on {@code record}, not due before {@code due}. */
    void paused(ConsumerRecord<byte[], byte[]> record, long due, long now) {
        pausedUntil = due;
        headOffset = record.offset();
        head = new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.timestampType(), record.serializedKeySize(), 0, record.key(), null, record.headers(),
                Optional.empty());
        if (lastSweep == 0) {
            lastSweep = now; // the first sweep comes one interval after the partition first waited
        }
    }

    /** A write failed: re-read from the last handled offset at {@code resumeAt}. */
    void backingOff(long resumeAt) {
        pausedUntil = resumeAt;
        head = null;
        scanEnd = -1;
    }

    /** Makes the next {@link #sweepDue} true, e.g. because an operator flushed or purged something. */
    void sweepSoon() {
        lastSweep = Long.MIN_VALUE / 2;
    }

    boolean sweepDue(long now, Duration interval) {
        return !scanning() && pausedUntil >= 0 && head != null && now - lastSweep >= interval.toMillis();
    }

    /** Starts reading ahead to {@code end} (exclusive); false when nothing lies behind the head. */
    boolean startSweep(long end, long now) {
        lastSweep = now;
        if (end <= headOffset + 1) {
            return false;
        }
        scanEnd = end;
        lastMatch = -1;
        return true;
    }

    /** A record read ahead; {@code due} when it was flushed or purged (or is simply due). */
    void scanned(ConsumerRecord<byte[], byte[]> record, boolean due) {
        if (due) {
            lastMatch = Math.max(lastMatch, record.offset());
        }
    }

    /** Ends the sweep; true when the partition must be drained from the head through the last due record. */
    boolean finishSweep() {
        scanEnd = -1;
        if (lastMatch < 0) {
            return false;
        }
        drainUntil = lastMatch;
        resumed();
        return true;
    }

    /** Whether a record that is not due must still leave its place (it lies before a due one found by a sweep). */
    boolean mustDrain(long offset) {
        return offset <= drainUntil;
    }

    /** The next instant this partition needs the loop: its resume or its next sweep. */
    long nextWake(long now, Duration sweepInterval) {
        if (scanning() || pausedUntil < 0) {
            return Long.MAX_VALUE;
        }
        return head == null ? pausedUntil : Math.min(pausedUntil, lastSweep + sweepInterval.toMillis());
    }

    boolean scanning() {
        return scanEnd >= 0;
    }

    long scanEnd() {
        return scanEnd;
    }

    long headOffset() {
        return headOffset;
    }
}
