package io.postmesh.queue.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Consumes one retry tier ({@code mail.retry.*}) and releases each job when it is due, without holding waiting jobs
 * in memory: Kafka keeps them, the consumer keeps one small {@link TierPartition} per partition. Delay topics in the
 * style of Uber's "reliable reprocessing" and KumoMTA's scheduled queues, with Kafka's pause/resume as the timer.
 *
 * <p><b>Waiting.</b> Records of a partition are handled in offset order. When the head is not due, the partition is
 * paused, the position is set back to the head, and it is resumed at the head's due time; {@code poll} keeps being
 * called with a timeout no longer than the next resume, the next sweep or {@code idle-poll}, so the consumer stays
 * in its group (no sleeping past {@code max.poll.interval.ms}) without busy polling. A job behind a later head waits
 * for it: the tiers are chosen so that this adds at most the tier's nominal delay ({@link Backoff#tierFor}).
 *
 * <p><b>Never lose, rarely repeat.</b> Each poll's records are handled, then the thread waits until everything they
 * produced is durable and only then commits the next offset of each partition (the head of a paused one). A crash
 * re-reads from the last commit: jobs may be routed twice (the delivery service's delivered-markers absorb that),
 * never lost. If a write fails, the partitions of that poll go back to their last handled offset and pause for
 * {@code failure-backoff}. On a rebalance the pause state of the revoked and assigned partitions is dropped: a
 * newly assigned partition starts from its committed offset, which is its head.
 *
 * <p><b>"Retry now" and purge.</b> A paused head that was flushed or purged after its deferral is due at once
 * ({@link TierHandler#dueAt}), checked every loop. Jobs behind the head are found by a sweep every
 * {@code sweep-interval}: the partition is read from the head to its current end without handling anything; if a
 * flushed or purged job is found, the partition is drained from the head up to the last such job — due jobs are
 * routed or dropped, the others written again at the end of the tier with their headers and timestamp — and the
 * offset committed past them. A sweep that finds nothing writes nothing, so an idle backlog costs one read per
 * interval, not a rewrite.
 */
public final class TierConsumer implements Runnable {
    private static final Logger LOG = Logger.getLogger(TierConsumer.class);

    private final String topic;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final TierHandler handler;
    private final RetryConfig.Tiers config;
    private final Clock clock;
    private final Map<TopicPartition, TierPartition> partitions = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long sweeps;
    private long rulesVersion;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;

    public TierConsumer(String topic, Supplier<Consumer<byte[], byte[]>> consumers, TierHandler handler,
                        RetryConfig.Tiers config, Clock clock) {
        this.topic = topic;
        this.consumers = consumers;
        this.handler = handler;
        this.config = config;
        this.clock = clock;
    }

    public synchronized void start() {
        thread = new Thread(this, "retry-" + topic);
        thread.start();
    }

    /** Signals the loop to end: it finishes the current poll's writes and commits, then leaves the group. */
    public void signalStop() {
        running = false;
        stopped.countDown();
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Stops and waits up to {@code timeout} for the thread to end. */
    public void stop(Duration timeout) throws InterruptedException {
        signalStop();
        if (thread != null) {
            thread.join(timeout.toMillis());
        }
    }

    /** Sweeps finished since start (for tests and benchmarks: a sweep reads the whole backlog of a partition). */
    public long sweeps() {
        return sweeps;
    }

    @Override
    public void run() {
        while (running) {
            try (Consumer<byte[], byte[]> c = consumers.get()) {
                consumer = c;
                partitions.clear();
                c.subscribe(List.of(topic), new Rebalance());
                while (running) {
                    loopOnce(c);
                }
            } catch (WakeupException e) {
                // stop() woke the poll: the loop condition ends it.
            } catch (RuntimeException e) {
                // Start over from the committed offsets with a fresh consumer: nothing uncommitted is lost.
                LOG.errorf(e, "retry tier %s consumer failed; restarting after %s", topic, config.failureBackoff());
                awaitStop(config.failureBackoff());
            }
        }
    }

    private void loopOnce(Consumer<byte[], byte[]> c) {
        long now = clock.millis();
        long version = handler.rulesVersion();
        if (version != rulesVersion) {
            // A retry-now or purge may concern jobs behind paused heads: look now, not at the next interval.
            rulesVersion = version;
            partitions.values().forEach(TierPartition::sweepSoon);
        }
        partitions.forEach((tp, p) -> {
            if (p.wakes(now, handler)) {
                p.resumed();
                c.resume(Set.of(tp));
            } else if (p.sweepDue(now, config.sweepInterval())) {
                startSweep(c, tp, p, now);
            }
        });
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(pollTimeout(clock.millis())));
        if (!records.isEmpty()) {
            handle(c, records);
        }
        partitions.forEach((tp, p) -> {
            if (p.scanning() && c.position(tp) >= p.scanEnd()) {
                finishSweep(c, tp, p);
            }
        });
    }

    private void handle(Consumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
        long now = clock.millis();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        Map<TopicPartition, Long> firstHandled = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            TierPartition p = partitions.computeIfAbsent(tp, k -> new TierPartition());
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                if (p.scanning()) {
                    p.scanned(r, handler.dueAt(r) <= now);
                    continue;
                }
                long due = handler.dueAt(r);
                if (due <= now) {
                    writes.add(handler.release(r));
                } else if (p.mustDrain(r.offset())) {
                    writes.add(handler.reappend(r));
                } else {
                    c.pause(Set.of(tp));
                    c.seek(tp, r.offset());
                    p.paused(r, due, now);
                    break;
                }
                firstHandled.putIfAbsent(tp, r.offset());
                commits.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        if (commits.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            LOG.errorf(e, "retry tier %s: writes failed; re-reading %s after %s", topic, firstHandled,
                    config.failureBackoff());
            long resumeAt = clock.millis() + config.failureBackoff().toMillis();
            firstHandled.forEach((tp, offset) -> {
                c.seek(tp, offset);
                c.pause(Set.of(tp));
                partitions.get(tp).backingOff(resumeAt);
            });
            return;
        }
        commit(c, commits);
    }

    private void commit(Consumer<byte[], byte[]> c, Map<TopicPartition, OffsetAndMetadata> commits) {
        try {
            c.commitSync(commits);
        } catch (WakeupException e) {
            // Stopping: the writes are durable, so commit once more rather than make the next owner repeat them.
            c.commitSync(commits);
            throw e;
        }
    }

    private void startSweep(Consumer<byte[], byte[]> c, TopicPartition tp, TierPartition p, long now) {
        long end = c.endOffsets(Set.of(tp)).getOrDefault(tp, 0L);
        if (p.startSweep(end, now)) {
            c.resume(Set.of(tp));
        }
    }

    private void finishSweep(Consumer<byte[], byte[]> c, TopicPartition tp, TierPartition p) {
        c.seek(tp, p.headOffset());
        sweeps++;
        long end = p.scanEnd();
        boolean drain = p.finishSweep();
        LOG.debugf("%s: swept from offset %d to %d; %s", tp, p.headOffset(), end,
                drain ? "draining flushed or purged jobs" : "nothing to release");
        if (drain) {
            c.resume(Set.of(tp)); // drain from the head
        } else {
            c.pause(Set.of(tp));
        }
    }

    private long pollTimeout(long now) {
        long timeout = config.idlePoll().toMillis();
        for (TierPartition p : partitions.values()) {
            timeout = Math.min(timeout, p.nextWake(now, config.sweepInterval()) - now);
        }
        return Math.max(1, timeout);
    }

    private void awaitStop(Duration timeout) {
        try {
            stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Drops the pause state of partitions that change owner; a new owner starts from the committed offset. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            revoked.forEach(partitions::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            assigned.forEach(partitions::remove);
            consumer.resume(assigned);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lost.forEach(partitions::remove);
        }
    }
}
