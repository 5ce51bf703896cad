package io.postmesh.queue.retry;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plays the delivery service's part for the retry tests: writes {@code mail.deferred} records as it does. */
final class RetryFixture implements AutoCloseable {
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final byte[] BODY = "Subject: retry\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    final String bootstrap = KafkaBroker.shared().bootstrapServers();
    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));

    static Envelope job(String tenant, String destination, int attempt, Instant firstSeen, String... locals) {
        List<Recipient> recipients = java.util.Arrays.stream(locals.length == 0 ? new String[] {"rcpt"} : locals)
                .map(l -> Recipient.of(l + "@" + destination)).toList();
        return Envelope.builder().queueId(QueueIds.next()).reversePath("sender@origin.test").tenant(tenant)
                .destination(destination).attempt(attempt).firstSeen(firstSeen).recipients(recipients).build();
    }

    /** Writes the job to mail.deferred keyed by its destination; returns the record's timestamp (the deferral). */
    long defer(Envelope job, String reply) throws Exception {
        return defer(job, job.destination(), reply);
    }

    long defer(Envelope job, String key, String reply) throws Exception {
        List<RecipientOutcome> outcomes = job.recipients().stream().map(r -> new RecipientOutcome(r.address(),
                RecipientOutcome.Result.TEMPORARY_FAILURE, "4.7.1", reply, "mx." + job.destination(),
                Instant.now())).toList();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.DEFERRED,
                key.getBytes(StandardCharsets.UTF_8), BODY);
        record.headers().add(MailHeaders.ENVELOPE, Json.write(job));
        record.headers().add(MailHeaders.OUTCOMES, Json.write(outcomes));
        record.headers().add(MailHeaders.TRACEPARENT,
                ("00-" + TRACE_ID + "-b7ad6b7169203331-01").getBytes(StandardCharsets.US_ASCII));
        return producer.send(record).get(30, TimeUnit.SECONDS).timestamp();
    }

    static Envelope envelope(ConsumerRecord<byte[], byte[]> record) {
        return Json.envelope(record.headers().lastHeader(MailHeaders.ENVELOPE).value());
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static long dueAt(ConsumerRecord<byte[], byte[]> record) {
        return Long.parseLong(header(record, MailHeaders.DUE_AT));
    }

    /** Body records (envelope header) of one queue id. */
    static List<ConsumerRecord<byte[], byte[]>> of(List<ConsumerRecord<byte[], byte[]>> records, String queueId) {
        return records.stream().filter(r -> r.headers().lastHeader(MailHeaders.ENVELOPE) != null
                && queueId.equals(envelope(r).queueId())).toList();
    }

    /** Events of one queue id and type. */
    static List<MailEvent> events(List<ConsumerRecord<byte[], byte[]>> records, String queueId,
                                  MailEvent.EventType type) {
        return records.stream().map(r -> Json.event(r.value()))
                .filter(e -> queueId.equals(e.queueId()) && e.type() == type).toList();
    }

    @Override
    public void close() {
        producer.close();
    }
}
