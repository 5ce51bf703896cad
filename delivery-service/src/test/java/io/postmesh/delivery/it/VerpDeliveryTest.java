package io.postmesh.delivery.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import io.postmesh.model.Verp;
import io.postmesh.model.VerpEntry;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.postmesh.testing.smtp.ReceivedMessage;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mode mx with VERP on: the MX sees a verifiable VERP reverse path, and Redis has the job behind it. */
@QuarkusTest
@TestProfile(VerpDeliveryTest.VerpOn.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(MxInfra.class)
class VerpDeliveryTest {
    static final String DOMAIN = "bounces.postmesh.test";
    static final String SECRET = "delivery-test-secret";

    public static class VerpOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("postmesh.delivery.verp.enabled", "true",
                    "postmesh.delivery.verp.domain", DOMAIN,
                    "postmesh.delivery.verp.secret", SECRET,
                    // Own group: this application must not take over the offsets of MxDeliveryTest's.
                    "mp.messaging.incoming.jobs.group.id", "delivery-verp-test");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RedisDataSource redis;

    private Jobs jobs;
    private TopicReader events;

    @BeforeEach
    void open() {
        jobs = new Jobs(bootstrap);
        events = TopicReader.open(bootstrap, Topics.EVENTS);
    }

    @AfterEach
    void close() {
        jobs.close();
        events.close();
    }

    @Test
    void sendsAVerpReversePathAndStoresTheJobBehindItFirst() {
        Envelope job = Jobs.job("ok.test", "bob@ok.test", "carol@ok.test");
        byte[] message = Jobs.message(job);
        jobs.send(job, message, "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");

        assertThat(awaitEvents(job, 2)).extracting(MailEvent::type).containsOnly(EventType.DELIVERED);
        ReceivedMessage received = receivedFor(job);
        assertThat(received.data()).as("the message bytes are unchanged").isEqualTo(message);
        assertThat(received.reversePath()).matches("b-[a-z2-7]{12}-[a-z2-7]{10}@" + DOMAIN.replace(".", "\\."));
        String token = Verp.parse(SECRET, DOMAIN, received.reversePath()).orElseThrow();

        String stored = redis.value(String.class).get(Verp.key(token));
        assertThat(stored).isNotNull();
        VerpEntry entry = Json.read(stored.getBytes(StandardCharsets.UTF_8), VerpEntry.class);
        assertThat(entry.queueId()).isEqualTo(job.queueId());
        assertThat(entry.tenant()).isEqualTo(job.tenant());
        assertThat(entry.recipients()).containsExactly("bob@ok.test", "carol@ok.test");
        assertThat(entry.originalSender()).isEqualTo("alice@src.test");
        assertThat(entry.messageId()).isEqualTo(job.messageId());
        assertThat(entry.attempt()).isEqualTo(1);
        // The delivery attempt's span, in the message's trace.
        assertThat(entry.traceparent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
        assertThat(redis.key().ttl(Verp.key(token))).isBetween(7L * 24 * 3600 - 60, 7L * 24 * 3600);
    }

    @Test
    void aDsnKeepsTheNullReversePath() {
        Envelope job = Envelope.builder().queueId(Jobs.job("ok.test").queueId()).reversePath("").dsn(true)
                .destination("ok.test").recipients(List.of(io.postmesh.model.Recipient.of("dan@ok.test"))).build();
        jobs.send(job, Jobs.message(job));

        assertThat(awaitEvents(job, 1)).singleElement().extracting(MailEvent::type).isEqualTo(EventType.DELIVERED);
        assertThat(receivedFor(job).reversePath()).isEmpty();
    }

    private ReceivedMessage receivedFor(Envelope job) {
        String subject = "Subject: test " + job.queueId();
        return MxInfra.peer.messages().stream().filter(m -> m.dataAsString().contains(subject)).findFirst()
                .orElseThrow();
    }

    private List<MailEvent> awaitEvents(Envelope job, int count) {
        return Jobs.events(events.await(rs -> Jobs.events(rs, job.queueId()).size() >= count, Jobs.timeout()),
                job.queueId());
    }
}
