package io.postmesh.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void sharedBrokerHasThePipelineTopicsAndCarriesALargeMessage() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).containsAll(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
            ConfigResource inbound = new ConfigResource(ConfigResource.Type.TOPIC, Topics.INBOUND);
            Config config = admin.describeConfigs(List.of(inbound)).all().get(30, TimeUnit.SECONDS).get(inbound);
            assertThat(config.get("max.message.bytes").value()).isEqualTo(Integer.toString(Topics.MAX_RECORD_BYTES));
        }

        byte[] big = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
             TopicReader reader = TopicReader.open(bootstrap, Topics.BOUNCES_INBOUND)) {
            producer.send(new ProducerRecord<>(Topics.BOUNCES_INBOUND, "k".getBytes(StandardCharsets.UTF_8), big))
                    .get(60, TimeUnit.SECONDS);
            List<ConsumerRecord<byte[], byte[]>> records = reader.await(1, Duration.ofSeconds(60));
            assertThat(records.get(0).value()).hasSize(big.length);
        }
    }

    @Test
    void aStoppedBrokerRefusesAndARestartedOneKeepsItsData() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, "before".getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
            broker.stop();
            assertThat(broker.running()).isFalse();
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1",
                        Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1))), 1000);
                throw new AssertionError("broker port still open after stop");
            } catch (java.io.IOException expected) {
                // refused: the broker is down
            }
            broker.restart();
            try (TopicReader reader = TopicReader.open(bootstrap, Topics.EVENTS)) {
                assertThat(new String(reader.await(1, Duration.ofSeconds(60)).get(0).value(), StandardCharsets.UTF_8))
                        .isEqualTo("before");
            }
        }
    }
}
