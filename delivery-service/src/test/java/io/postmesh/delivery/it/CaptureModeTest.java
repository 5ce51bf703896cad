package io.postmesh.delivery.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.postmesh.model.Envelope;
import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import io.postmesh.model.Topics;
import io.postmesh.testing.kafka.TopicReader;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Mode capture: jobs land in the capture inbox on its own port, and count as delivered. */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(CaptureInfra.class)
class CaptureModeTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private String inbox() {
        return "http://127.0.0.1:" + CaptureInfra.port + "/api/messages";
    }

    @Test
    void capturedJobsAreServedNewestFirstWithTheirRawBytes() {
        Envelope first = Jobs.job("capture.test", "bob@capture.test");
        Envelope second = Jobs.job("capture.test", "carol@capture.test", "dan@capture.test");
        try (Jobs jobs = new Jobs(bootstrap); TopicReader events = TopicReader.open(bootstrap, Topics.EVENTS)) {
            jobs.send(first, Jobs.message(first));
            awaitEvents(events, first, 1);
            jobs.send(second, Jobs.message(second));
            List<MailEvent> delivered = awaitEvents(events, second, 2);
            assertThat(delivered).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo(EventType.DELIVERED);
                assertThat(e.remoteMta()).isEqualTo("capture");
            });
        }

        JsonPath list = given().get(inbox()).then().statusCode(200).extract().jsonPath();
        List<String> queueIds = list.getList("queueId");
        assertThat(queueIds.indexOf(second.queueId())).isGreaterThanOrEqualTo(0)
                .isLessThan(queueIds.indexOf(first.queueId()));

        Map<String, Object> captured = list.getMap("find { it.queueId == '" + second.queueId() + "' }");
        assertThat(captured.get("raw")).isEqualTo(new String(Jobs.message(second), StandardCharsets.UTF_8));
        assertThat(captured.get("from")).isEqualTo("alice@src.test");
        assertThat(captured.get("to")).isEqualTo(List.of("carol@capture.test", "dan@capture.test"));
        assertThat(((Number) captured.get("size")).longValue()).isEqualTo(Jobs.message(second).length);
        assertThat(list.getList("find { it.queueId == '" + second.queueId() + "' }.headers.name"))
                .containsExactly("From", "To", "Subject", "Message-ID");

        String id = (String) captured.get("id");
        given().get(inbox() + "/" + id).then().statusCode(200)
                .body("queueId", equalTo(second.queueId()))
                .body("headers.find { it.name == 'Subject' }.value", equalTo("test " + second.queueId()));
        given().get(inbox() + "/no-such-id").then().statusCode(404);

        assertThat(CaptureInfra.otlp.awaitSpans(spans -> spans.stream().anyMatch(s -> "delivery attempt".equals(s.name())
                && second.queueId().equals(s.attributes().get("postmesh.queue_id"))), Jobs.timeout()))
                .filteredOn(s -> second.queueId().equals(s.attributes().get("postmesh.queue_id")))
                .singleElement().satisfies(s -> {
                    assertThat(s.attributes()).containsEntry("postmesh.mx_host", "capture");
                    assertThat(s.attributes().get("smtp.reply")).isEqualTo("250 2.0.0 captured as " + id);
                });

        given().delete(inbox()).then().statusCode(204);
        given().get(inbox()).then().statusCode(200).body("queueId", not(hasItem(second.queueId())));
    }

    private static List<MailEvent> awaitEvents(TopicReader events, Envelope job, int count) {
        return Jobs.events(events.await(rs -> Jobs.events(rs, job.queueId()).size() >= count, Jobs.timeout()),
                job.queueId());
    }
}
