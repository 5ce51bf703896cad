package io.postmesh.delivery.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.postmesh.testing.smtp.ReceivedMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Smart host with AUTH and TLS, egress pools, TLS verify by config, and delivery to an independent MTA. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(RoutingInfra.class)
class RoutingTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

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
    void deliversTheExactBytesToDebiansAiosmtpd() throws Exception {
        if (RoutingInfra.aiosmtpd == null) {
            // CI installs python3-aiosmtpd (.ci/run); there a missing package is a failure, never a skip.
            assertThat(System.getenv("CI")).as("python3-aiosmtpd is not installed").isNotEqualTo("true");
            Assumptions.abort("python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)");
        }
        Envelope job = Jobs.job("aiosmtpd.test", "ann@aiosmtpd.test", "ben@aiosmtpd.test");
        byte[] message = Jobs.message(job);
        jobs.send(job, message);

        assertThat(awaitEvents(job, 2)).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.DELIVERED);
            assertThat(e.reply()).isEqualTo("250 2.0.0 stored by aiosmtpd");
        });
        List<byte[]> stored = RoutingInfra.aiosmtpd.messages();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).isEqualTo(message);
        assertThat(RoutingInfra.aiosmtpd.envelope(0))
                .containsExactly("alice@src.test", "ann@aiosmtpd.test", "ben@aiosmtpd.test");
    }

    @Test
    void aDomainRouteRelaysThroughTheSmartHostWithAuthOverTls() {
        Envelope job = Jobs.job("relayed.test", "carl@relayed.test");
        byte[] message = Jobs.message(job);
        jobs.send(job, message);

        assertThat(awaitEvents(job, 1)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.DELIVERED);
            assertThat(e.remoteMta()).isEqualTo("127.0.0.71");
            assertThat(e.tlsProtocol()).startsWith("TLSv1.");
        });
        ReceivedMessage received = RoutingInfra.relay.messages().get(0);
        assertThat(received.data()).isEqualTo(message);
        assertThat(received.authUser()).isEqualTo("relay");
        assertThat(received.tlsProtocol()).isNotNull();
        assertThat(RoutingInfra.relay.transcript()).anyMatch(l -> l.startsWith("AUTH LOGIN "));
    }

    @Test
    void verifyPolicyFromConfigRecordsTlsOnTheDeliveredEvent() {
        Envelope job = Jobs.job("secure.test", "dora@secure.test");
        jobs.send(job, Jobs.message(job));

        assertThat(awaitEvents(job, 1)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.DELIVERED);
            assertThat(e.tlsProtocol()).startsWith("TLSv1.");
            assertThat(e.tlsCipher()).startsWith("TLS_");
        });
        assertThat(RoutingInfra.secure.messages()).singleElement()
                .satisfies(m -> assertThat(m.tlsProtocol()).isNotNull());
    }

    @Test
    void aTenantsEgressPoolSetsSourceAddressAndEhloName() {
        Envelope job = Envelope.builder().queueId(Jobs.job("egress.test").queueId()).reversePath("alice@src.test")
                .destination("egress.test").tenant("acme")
                .recipients(List.of(io.postmesh.model.Recipient.of("eve@egress.test"))).build();
        jobs.send(job, Jobs.message(job));

        assertThat(awaitEvents(job, 1)).singleElement().extracting(MailEvent::type).isEqualTo(EventType.DELIVERED);
        ReceivedMessage received = RoutingInfra.egress.messages().get(0);
        assertThat(received.clientAddress()).isEqualTo("127.0.0.9");
        assertThat(received.heloName()).isEqualTo("bulk.postmesh.test");
    }

    private List<MailEvent> awaitEvents(Envelope job, int count) {
        return Jobs.events(events.await(rs -> Jobs.events(rs, job.queueId()).size() >= count, Jobs.timeout()),
                job.queueId());
    }
}
