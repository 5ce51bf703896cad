package io.postmesh.ingress.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailHeaders;
import io.postmesh.testing.kafka.TopicReader;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Helpers of the API tests: keys, requests, and reading what ingress wrote to Kafka. */
final class ApiTestKit {
    static final Duration WAIT = Duration.ofSeconds(60);

    private ApiTestKit() {}

    /** Issues a key for {@code tenant} through the admin API. */
    static String newKey(String tenant) {
        return given().auth().oauth2(ApiProfile.ADMIN_TOKEN)
                .contentType("application/json").body(Map.of("tenant", tenant))
                .when().post("/v1/admin/api-keys")
                .then().statusCode(201)
                .extract().path("key");
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    }

    static Envelope envelope(ConsumerRecord<byte[], byte[]> r) {
        return Json.envelope(r.headers().lastHeader(MailHeaders.ENVELOPE).value());
    }

    static MimeMessage mime(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    /** The record of {@code queueId} on {@code topic}, waiting for it. */
    static ConsumerRecord<byte[], byte[]> recordFor(String bootstrap, String topic, String queueId) {
        try (TopicReader reader = TopicReader.open(bootstrap, topic)) {
            return reader.await(rs -> rs.stream().anyMatch(r -> key(r).equals(queueId)), WAIT).stream()
                    .filter(r -> key(r).equals(queueId)).findFirst().orElseThrow();
        }
    }

    /** All records of {@code topic} with one of {@code queueIds}, waiting until each is there. */
    static Map<String, ConsumerRecord<byte[], byte[]>> recordsFor(String bootstrap, String topic, List<String> queueIds) {
        java.util.Set<String> wanted = new java.util.HashSet<>(queueIds);
        Predicate<ConsumerRecord<byte[], byte[]>> ours = r -> wanted.contains(key(r));
        try (TopicReader reader = TopicReader.open(bootstrap, topic)) {
            return reader.await(rs -> rs.stream().filter(ours).map(ApiTestKit::key).distinct().count() == wanted.size(),
                            WAIT).stream()
                    .filter(ours)
                    .collect(Collectors.toMap(ApiTestKit::key, r -> r, (a, b) -> a));
        }
    }

    /**
     * Every record the topic holds at this moment: the end offsets are taken first, then read up to. A record
     * acknowledged before this call is among them; nothing here waits for a record still to come.
     */
    static List<ConsumerRecord<byte[], byte[]>> recordsNow(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "api-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, WAIT);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading %s up to its end offsets", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
