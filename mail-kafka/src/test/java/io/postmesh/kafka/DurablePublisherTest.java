package io.postmesh.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.context.Context;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.kafka.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** The durable hand-off against a real broker: completes on the broker's ack, fails when the broker is gone. */
class DurablePublisherTest {

    @Test
    void completesOnlyOnceTheRecordIsOnTheBroker() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        try (DurablePublisher publisher = DurablePublisher.create(
                DurablePublisher.config(bootstrap, "test", Duration.ofSeconds(30), Map.of()));
             TopicReader reader = TopicReader.open(bootstrap, Topics.BOUNCES_INBOUND)) {
            byte[] key = ("k-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
            RecordMetadata metadata = publisher.publish(
                    new ProducerRecord<>(Topics.BOUNCES_INBOUND, key, "body".getBytes(StandardCharsets.UTF_8)),
                    Context.root()).get(30, TimeUnit.SECONDS);

            assertThat(metadata.topic()).isEqualTo(Topics.BOUNCES_INBOUND);
            assertThat(metadata.hasOffset()).isTrue();
            assertThat(reader.await(rs -> rs.stream().anyMatch(r -> java.util.Arrays.equals(r.key(), key)),
                    Duration.ofSeconds(30))).isNotEmpty();
        }
    }

    @Test
    void failsWithinTheDeliveryTimeoutWhenTheBrokerIsDown() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
             DurablePublisher patient = DurablePublisher.create(
                     DurablePublisher.config(broker.bootstrapServers(), "warm-up", Duration.ofSeconds(30), Map.of()));
             DurablePublisher publisher = DurablePublisher.create(
                     DurablePublisher.config(broker.bootstrapServers(), "test", Duration.ofSeconds(10), Map.of()))) {
            // A fresh broker on a busy machine may take seconds to serve metadata: wait for it patiently first,
            // so only the publish after the broker is gone runs into the short delivery timeout.
            patient.publish(new ProducerRecord<>(Topics.EVENTS, "warm-up".getBytes(StandardCharsets.UTF_8)),
                    Context.root()).get(60, TimeUnit.SECONDS);
            publisher.publish(new ProducerRecord<>(Topics.EVENTS, "warm-up".getBytes(StandardCharsets.UTF_8)),
                    Context.root()).get(30, TimeUnit.SECONDS);
            broker.stop();

            var future = publisher.publish(new ProducerRecord<>(Topics.EVENTS,
                    "lost?".getBytes(StandardCharsets.UTF_8)), Context.root());

            assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }
}
