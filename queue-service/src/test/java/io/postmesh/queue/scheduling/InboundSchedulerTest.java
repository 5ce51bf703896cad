package io.postmesh.queue.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.model.QueueIds;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.kafka.TopicWriter;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The queue service against a real broker: one accepted message in, one job per destination out. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
class InboundSchedulerTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void splitsAnAcceptedMessageIntoOneJobPerDomainInTheSameTrace() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String queueId = QueueIds.next();
        String one = "one-" + queueId.toLowerCase() + ".test";
        String two = "two-" + queueId.toLowerCase() + ".test";
        Envelope message = Envelope.builder().queueId(queueId).reversePath("alice@sender.test")
                .recipients(List.of(Recipient.of("a@" + one), Recipient.of("b@" + two), Recipient.of("c@" + one)))
                .build();
        byte[] body = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

        try (TopicReader jobs = TopicReader.open(bootstrap, Topics.DELIVERY);
             TopicWriter writer = TopicWriter.open(bootstrap)) {
            ProducerRecord<byte[], byte[]> in = TopicWriter.record(Topics.INBOUND, queueId, message, body);
            in.headers().add(MailHeaders.TRACEPARENT,
                    ("00-" + TRACE_ID + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.US_ASCII));
            writer.send(in);

            List<ConsumerRecord<byte[], byte[]>> mine = jobs.await(rs -> ofQueue(rs, queueId).size() >= 2,
                    Duration.ofSeconds(60));
            mine = ofQueue(mine, queueId);

            assertThat(mine).hasSize(2);
            assertThat(mine).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(one, two);
            for (ConsumerRecord<byte[], byte[]> job : mine) {
                Envelope envelope = Json.envelope(job.headers().lastHeader(MailHeaders.ENVELOPE).value());
                assertThat(envelope.destination()).isEqualTo(new String(job.key(), StandardCharsets.UTF_8));
                assertThat(envelope.recipients()).allSatisfy(r -> assertThat(r.domain()).isEqualTo(envelope.destination()));
                assertThat(job.value()).isEqualTo(body);
                String traceparent = new String(job.headers().lastHeader(MailHeaders.TRACEPARENT).value(),
                        StandardCharsets.US_ASCII);
                assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").doesNotContain("00f067aa0ba902b7");
            }
            Envelope first = Json.envelope(mine.stream()
                    .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(one)).findFirst().orElseThrow()
                    .headers().lastHeader(MailHeaders.ENVELOPE).value());
            assertThat(first.recipients()).extracting(Recipient::address).containsExactly("a@" + one, "c@" + one);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> ofQueue(List<ConsumerRecord<byte[], byte[]>> records,
                                                                String queueId) {
        return records.stream()
                .filter(r -> queueId.equals(Json.envelope(r.headers().lastHeader(MailHeaders.ENVELOPE).value()).queueId()))
                .toList();
    }
}
