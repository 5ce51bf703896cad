package io.postmesh.ingress.it;

import static io.postmesh.ingress.it.SmtpIngressTest.queueId;
import static io.postmesh.ingress.it.SmtpIngressTest.recordFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Topics;
import io.postmesh.testing.Ports;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.process.ServiceProcess;
import io.postmesh.testing.redis.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The drain the way production triggers it: the packaged ingress runs as a process and gets SIGTERM (what the
 * kubelet sends). Quarkus's shutdown must keep the Kafka producer alive until the session in DATA has its 250:
 * the message is on {@code mail.inbound}; the idle session and a new connection get 421 4.3.2; the process exits.
 */
class SigtermDrainIT {
    private static final String SHUTTING_DOWN =
            "421 4.3.2 mx.sigterm.test Service shutting down, closing transmission channel";

    @Test
    void sigtermDrainsSessionsAndTheMessageInDataIsAcceptedBeforeExit() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        int smtpPort = Ports.freePort();
        Path logs = Files.createDirectories(Path.of("target/it-logs/sigterm-drain"));
        String marker = UUID.randomUUID().toString();
        try (ServiceProcess ingress = ServiceProcess.start("ingress-service", Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.redis.hosts", RedisServerProcess.shared().uri(),
                "quarkus.otel.sdk.disabled", "true",
                "quarkus.http.host", "127.0.0.1",
                "quarkus.http.port", Integer.toString(Ports.freePort()),
                "postmesh.ingress.smtp.port", Integer.toString(smtpPort),
                "postmesh.ingress.hostname", "mx.sigterm.test",
                "postmesh.ingress.drain-timeout", "60s"), logs);
             SmtpTestClient inData = SmtpTestClient.connect(smtpPort);
             SmtpTestClient idle = SmtpTestClient.connect(smtpPort)) {
            inData.reply();
            inData.command("EHLO client.test");
            inData.command("MAIL FROM:<alice@client.test>");
            inData.command("RCPT TO:<bob@example.test>");
            assertThat(inData.command("DATA")).startsWith("354 ");
            inData.write("Subject: sigterm " + marker + "\r\n\r\nfirst half\r\n");
            idle.reply();
            idle.command("EHLO client.test");

            ProcessHandle process = ProcessHandle.of(ingress.pid()).orElseThrow();
            CompletableFuture<ProcessHandle> exited = process.onExit();
            assertThat(process.destroy()).as("SIGTERM sent").isTrue();

            assertThat(idle.reply()).as(ingress.tail()).isEqualTo(SHUTTING_DOWN);
            assertThat(idle.closedByServer(10_000)).isTrue();
            try (SmtpTestClient late = SmtpTestClient.connect(smtpPort)) {
                assertThat(late.reply()).isEqualTo(SHUTTING_DOWN);
            }
            assertThat(exited).as("the session in DATA holds the shutdown").isNotDone();

            inData.write("second half\r\n");
            String queueId = queueId(inData.command("."));
            assertThat(inData.command("NOOP")).isEqualTo(SHUTTING_DOWN);

            exited.get(60, TimeUnit.SECONDS);
            assertThat(Files.readString(ingress.log())).contains("SMTP sessions drained in");
            assertThat(new String(recordFor(bootstrap, Topics.INBOUND, queueId).value(), StandardCharsets.UTF_8))
                    .contains("Subject: sigterm " + marker).contains("first half\r\nsecond half\r\n");
        }
    }
}
