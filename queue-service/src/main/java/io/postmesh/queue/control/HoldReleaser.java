package io.postmesh.queue.control;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.postmesh.kafka.DurablePublisher;
import io.postmesh.kafka.MailSpans;
import io.postmesh.kafka.TraceHeaders;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.Topics;
import io.postmesh.queue.routing.JobRouter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Releases held jobs from {@code mail.hold} (group {@code queue-service-hold}). Idle (partitions paused,
 * polling only to stay in the group) until the control rules' release generation changes (resume,
 * retry-now, purge, on any replica), partitions are assigned, or the service starts. A release reads each
 * partition from the committed offset up to its end offset taken at that moment: purged jobs are dropped with
 * PURGED events, the rest go through {@link JobRouter} (still suspended → appended to {@code mail.hold}
 * again, after the end taken, so a release always ends). Offsets are committed once the batch's output is
 * durable; a failed batch is read again on the next release.
 */
@ApplicationScoped
public class HoldReleaser {
    private static final Logger LOG = Logger.getLogger(HoldReleaser.class);
    static final String GROUP = "queue-service-hold";
    static final String SPAN = "queue release";

    private final RedisQueueControl control;
    private final JobRouter router;
    private final DurablePublisher publisher;
    private final Tracer tracer;
    private final ControlConfig config;
    private final String bootstrap;
    private volatile boolean running;
    private volatile boolean assignedSinceRelease;
    private Thread thread;
    private KafkaConsumer<byte[], byte[]> consumer;

    public HoldReleaser(RedisQueueControl control, JobRouter router, DurablePublisher publisher, Tracer tracer,
                        ControlConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.control = control;
        this.router = router;
        this.publisher = publisher;
        this.tracer = tracer;
        this.config = config;
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent event) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "queue-service-hold-releaser");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "hold-releaser");
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
            thread.join(10_000);
        }
    }

    private void run() {
        long releasedGeneration = -1; // never released: release once at startup
        try {
            consumer.subscribe(List.of(Topics.HOLD), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Nothing pending: offsets are committed before the next poll.
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    consumer.pause(partitions);
                    if (!partitions.isEmpty()) {
                        assignedSinceRelease = true; // their previous owner may have stopped mid-release
                    }
                }
            });
            while (running) {
                long generation = control.snapshot().releaseGeneration();
                if (generation != releasedGeneration || assignedSinceRelease) {
                    assignedSinceRelease = false;
                    releasedGeneration = release() ? generation : -1;
                }
                consumer.poll(config.holdPoll()); // all paused: keeps the membership alive
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "hold releaser stopped; held jobs are released after the next restart");
        } finally {
            consumer.close();
        }
    }

    /** One release run; false when a batch failed and the run should be repeated. */
    private boolean release() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        consumer.resume(ends.keySet());
        try {
            while (running && !ends.isEmpty()) {
                var records = consumer.poll(config.holdPoll());
                ends.keySet().retainAll(consumer.assignment());
                List<CompletableFuture<?>> writes = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    Long end = ends.get(partition);
                    for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                        if (end == null || record.offset() >= end) {
                            consumer.seek(partition, record.offset()); // beyond this run: leave it for the next
                            break;
                        }
                        writes.add(handle(record));
                        commits.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
                try {
                    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                } catch (RuntimeException e) {
                    LOG.warnf("held jobs not released (will retry): %s", e.toString());
                    commits.keySet().forEach(p -> consumer.seek(p, committedOr0(p)));
                    return false;
                }
                if (!commits.isEmpty()) {
                    consumer.commitSync(commits);
                }
                ends.entrySet().removeIf(e -> {
                    boolean done = consumer.position(e.getKey()) >= e.getValue();
                    if (done) {
                        consumer.pause(List.of(e.getKey()));
                    }
                    return done;
                });
            }
            return true;
        } finally {
            consumer.pause(consumer.assignment());
        }
    }

    private long committedOr0(TopicPartition partition) {
        var committed = consumer.committed(Set.of(partition)).get(partition);
        return committed == null ? 0 : committed.offset();
    }

    private CompletableFuture<?> handle(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MailHeaders.ENVELOPE);
        if (header == null) {
            LOG.errorf("skipping %s record at offset %d without envelope", Topics.HOLD, record.offset());
            return CompletableFuture.completedFuture(null);
        }
        Envelope job = Json.envelope(header.value());
        Span span = tracer.spanBuilder(SPAN).setParent(TraceHeaders.extract(record.headers()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MailSpans.QUEUE_ID, job.queueId())
                .setAttribute(MailSpans.TENANT, job.tenant())
                .setAttribute(MailSpans.RECIPIENT_DOMAIN, String.valueOf(job.destination()))
                .startSpan();
        Context context = Context.root().with(span);
        CompletableFuture<?> done;
        if (PurgedEvents.purged(job, control.purgedAt(job.tenant(), job.destination()))) {
            String traceId = span.getSpanContext().getTraceId();
            done = CompletableFuture.allOf(PurgedEvents.records(job, traceId, Instant.now()).stream()
                    .map(r -> publisher.publish(r, context)).toArray(CompletableFuture[]::new));
        } else {
            done = router.route(job, record.value(), context);
        }
        return done.whenComplete((ok, error) -> {
            if (error != null) {
                span.recordException(error);
            }
            span.end();
        });
    }
}
