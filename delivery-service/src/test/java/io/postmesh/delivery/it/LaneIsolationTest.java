package io.postmesh.delivery.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Priority lanes: with a backlog of bulk jobs stuck on an MX that never answers, a transactional job is
 * delivered before the bulk backlog has drained (it does not wait behind it).
 */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(LaneInfra.class)
class LaneIsolationTest {
    private static final int BULK = 8;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void transactionalMailOvertakesABulkBacklog() {
        try (Jobs jobs = new Jobs(bootstrap); TopicReader events = TopicReader.open(bootstrap, Topics.EVENTS)) {
            List<String> bulkIds = new ArrayList<>();
            for (int i = 0; i < BULK; i++) {
                Envelope bulk = Jobs.job("slow.test", "user" + i + "@slow.test");
                bulkIds.add(bulk.queueId());
                jobs.send(bulk, Jobs.message(bulk));
            }
            Envelope urgent = Jobs.job("fast.test", "reset@fast.test")
                    .withCampaignAndLane(null, Envelope.LANE_TRANSACTIONAL);
            jobs.send(urgent, Jobs.message(urgent));

            List<ConsumerRecord<byte[], byte[]>> seen = events.await(rs -> types(rs, Set.of(urgent.queueId()))
                    .contains(EventType.DELIVERED), Duration.ofSeconds(60));
            long bulkSettled = seen.stream().map(r -> Json.event(r.value()))
                    .filter(e -> bulkIds.contains(e.queueId())).count();

            assertThat(LaneInfra.fast.messages()).singleElement()
                    .satisfies(m -> assertThat(m.recipients()).containsExactly("reset@fast.test"));
            assertThat(bulkSettled).as("bulk jobs settled before the transactional one was delivered")
                    .isLessThan(BULK);

            // The bulk lane still drains: every bulk job is deferred (the MX never answered), none lost.
            List<ConsumerRecord<byte[], byte[]>> all = events.await(rs -> rs.stream().map(r -> Json.event(r.value()))
                    .filter(e -> bulkIds.contains(e.queueId())).count() >= BULK, Duration.ofSeconds(120));
            assertThat(all.stream().map(r -> Json.event(r.value())).filter(e -> bulkIds.contains(e.queueId())))
                    .extracting(MailEvent::type).containsOnly(EventType.DEFERRED);
        }
    }

    private static Set<EventType> types(List<ConsumerRecord<byte[], byte[]>> records, Set<String> queueIds) {
        return records.stream().map(r -> Json.event(r.value())).filter(e -> queueIds.contains(e.queueId()))
                .map(MailEvent::type).collect(Collectors.toSet());
    }
}
