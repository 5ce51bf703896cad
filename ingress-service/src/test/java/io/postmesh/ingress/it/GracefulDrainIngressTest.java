package io.postmesh.ingress.it;

import static io.postmesh.ingress.it.SmtpIngressTest.queueId;
import static io.postmesh.ingress.it.SmtpIngressTest.recordFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.postmesh.ingress.smtp.transport.SmtpServer;
import io.postmesh.model.Topics;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown over real sockets against the real broker: the test calls the method the shutdown observer
 * calls ({@link SmtpServer#drainAndClose}) in an application of its own (the drain ends its listeners). A session
 * in DATA finishes its message (250, on {@code mail.inbound}); an idle session and a new connection get 421 4.3.2;
 * readiness is DOWN; the listeners close once the last session ended.
 */
@QuarkusTest
@TestProfile(GracefulDrainIngressTest.Profile.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(value = IngressListeners.class, initArgs = @ResourceArg(name = "tls", value = "false"))
class GracefulDrainIngressTest {
    static final String SHUTTING_DOWN =
            "421 4.3.2 mx.postmesh.test Service shutting down, closing transmission channel";

    /** A fresh application: after the drain its listeners are gone. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("postmesh.ingress.drain-timeout", "60s");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @Inject
    SmtpServer server;

    @Test
    void messageInDataFinishesWhileIdleSessionsAndNewConnectionsGet421() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (SmtpTestClient inData = SmtpTestClient.connect(smtpPort);
             SmtpTestClient idle = SmtpTestClient.connect(smtpPort);
             SmtpTestClient inTransaction = SmtpTestClient.connect(smtpPort)) {
            inData.reply();
            inData.command("EHLO client.test");
            inData.command("MAIL FROM:<alice@client.test>");
            inData.command("RCPT TO:<bob@example.test>");
            assertThat(inData.command("DATA")).startsWith("354 ");
            inData.write("Subject: drain " + marker + "\r\n\r\nfirst half\r\n");
            idle.reply();
            idle.command("EHLO client.test");
            inTransaction.reply();
            inTransaction.command("EHLO client.test");
            assertThat(inTransaction.command("MAIL FROM:<carol@client.test>")).startsWith("250 ");
            readiness().then().body("checks.find { it.name == 'smtp listeners' }.status", equalTo("UP"));

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(
                    () -> server.drainAndClose(Duration.ofSeconds(60)));

            // Waiting for a command: the 421 comes at once, unasked, and the connection ends.
            assertThat(idle.reply()).isEqualTo(SHUTTING_DOWN);
            assertThat(idle.closedByServer(10_000)).isTrue();
            assertThat(inTransaction.reply()).isEqualTo(SHUTTING_DOWN);
            assertThat(inTransaction.closedByServer(10_000)).isTrue();
            // A new connection is answered 421 instead of 220 (RFC 5321 §3.1) while the drain lasts.
            try (SmtpTestClient late = SmtpTestClient.connect(smtpPort)) {
                assertThat(late.reply()).isEqualTo(SHUTTING_DOWN);
                assertThat(late.closedByServer(10_000)).isTrue();
            }
            readiness().then().statusCode(503)
                    .body("checks.find { it.name == 'smtp listeners' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'smtp listeners' }.data.draining", equalTo(true));
            assertThat(shutdown).as("the session in DATA holds the drain open").isNotDone();

            // The message under way completes: handed to Kafka, 250; the next command gets the 421.
            inData.write("second half\r\n");
            String queueId = queueId(inData.command("."));
            assertThat(inData.command("NOOP")).isEqualTo(SHUTTING_DOWN);
            assertThat(inData.closedByServer(10_000)).isTrue();

            shutdown.get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> SmtpTestClient.connect(smtpPort)).isInstanceOf(ConnectException.class);
            ConsumerRecord<byte[], byte[]> record = recordFor(bootstrap, Topics.INBOUND, queueId);
            assertThat(new String(record.value(), StandardCharsets.UTF_8))
                    .contains("Subject: drain " + marker).contains("first half\r\nsecond half\r\n");
        }
    }

    private static io.restassured.response.Response readiness() {
        return given().get("/q/health/ready");
    }
}
