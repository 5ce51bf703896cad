package io.postmesh.ingress.it;

import static io.postmesh.ingress.it.SmtpIngressTest.queueId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.postmesh.ingress.auth.CredentialStore;
import io.postmesh.ingress.telemetry.IngressSpans;
import io.postmesh.kafka.MailSpans;
import io.postmesh.testing.metrics.PrometheusSamples;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The session span, the TLS and AUTH attributes of the message span, and the metrics on {@code /q/metrics},
 * after real SMTP sessions.
 */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class ObservabilityIngressTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @ConfigProperty(name = "postmesh.ingress.submission.port")
    int submissionPort;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    CredentialStore users;

    @Test
    void metricsCountSessionsMessagesRefusalsBytesAndHandoffLatency() throws Exception {
        double sessions = metric("postmesh_ingress_sessions_total", "listener=\"relay\"");
        double accepted = metric("postmesh_ingress_messages_total", "listener=\"relay\"", "outcome=\"accepted\"");
        double refusedSize = metric("postmesh_ingress_messages_total", "listener=\"relay\"", "outcome=\"refused\"",
                "reason=\"size\"");
        double bytes = metric("postmesh_ingress_bytes_total", "listener=\"relay\"");
        double handoffs = metric("postmesh_ingress_handoff_seconds_count");

        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            // Over the SIZE limit (65536 in tests): refused at MAIL, counted as reason "size".
            assertThat(c.command("MAIL FROM:<a@client.test> SIZE=100000")).startsWith("552 5.3.4");
            assertThat(c.command("MAIL FROM:<a@client.test>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<b@example.test>")).startsWith("250 ");
            assertThat(c.command("DATA")).startsWith("354 ");
            id = queueId(c.command("Subject: metrics\r\n\r\n" + "x".repeat(1000) + "\r\n."));
            // The session is still open: it is among the active ones.
            assertThat(metric("postmesh_ingress_sessions_active")).isGreaterThanOrEqualTo(1.0);
        }

        assertThat(metric("postmesh_ingress_sessions_total", "listener=\"relay\"")).isGreaterThanOrEqualTo(sessions + 1);
        assertThat(metric("postmesh_ingress_messages_total", "listener=\"relay\"", "outcome=\"accepted\"",
                "reason=\"none\"")).isGreaterThanOrEqualTo(accepted + 1);
        assertThat(metric("postmesh_ingress_messages_total", "listener=\"relay\"", "outcome=\"refused\"",
                "reason=\"size\"")).isGreaterThanOrEqualTo(refusedSize + 1);
        assertThat(metric("postmesh_ingress_bytes_total", "listener=\"relay\"")).isGreaterThanOrEqualTo(bytes + 1000);
        assertThat(metric("postmesh_ingress_handoff_seconds_count")).isGreaterThanOrEqualTo(handoffs + 1);
        assertThat(metric("postmesh_ingress_handoff_seconds_bucket", "le=\"+Inf\"")).isGreaterThanOrEqualTo(handoffs + 1);
        assertThat(id).isNotBlank();
    }

    @Test
    void sessionSpanAndMessageSpanCarryClientTlsAuthAndOutcome() throws Exception {
        String user = "obs-" + UUID.randomUUID() + "@example.test";
        users.add(user, "secret", "obs-tenant");
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(submissionPort)) {
            c.startTls();
            assertThat(c.authPlain(user, "secret")).startsWith("235 ");
            assertThat(c.command("MAIL FROM:<" + user + ">")).startsWith("250 ");
            // An authenticated client may relay: elsewhere.test is accepted.
            assertThat(c.command("RCPT TO:<x@elsewhere.test>")).startsWith("250 ");
            assertThat(c.command("DATA")).startsWith("354 ");
            id = queueId(c.command("Subject: spans\r\n\r\nhi\r\n."));
            assertThat(c.command("MAIL FROM:<" + user + "> SIZE=100000")).startsWith("552 5.3.4");
            assertThat(c.command("QUIT")).isEqualTo("221 2.0.0 Bye");
        }

        SpanData message = await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(MailSpans.INGRESS_ACCEPT))
                .filter(s -> id.equals(s.getAttributes().get(MailSpans.QUEUE_ID))).findFirst().orElse(null),
                s -> s != null);
        assertThat(message.getAttributes().get(IngressSpans.TLS_ESTABLISHED)).isTrue();
        assertThat(message.getAttributes().get(IngressSpans.TLS_PROTOCOL_VERSION)).matches("1\\.[23]");
        assertThat(message.getAttributes().get(IngressSpans.TLS_CIPHER)).startsWith("TLS_");
        assertThat(message.getAttributes().get(IngressSpans.AUTH_USER)).isEqualTo(user);
        assertThat(message.getAttributes().get(MailSpans.TENANT)).isEqualTo("obs-tenant");

        SpanData session = await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(IngressSpans.SMTP_SESSION))
                .filter(s -> s.getEvents().stream().anyMatch(e -> id.equals(e.getAttributes().get(MailSpans.QUEUE_ID))))
                .findFirst().orElse(null), s -> s != null);
        assertThat(session.getParentSpanContext().isValid()).isFalse();
        assertThat(session.getTraceId()).isNotEqualTo(message.getTraceId());
        assertThat(session.getAttributes().get(IngressSpans.LISTENER)).isEqualTo("submission");
        assertThat(session.getAttributes().get(MailSpans.CLIENT_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(session.getAttributes().get(IngressSpans.TLS_PROTOCOL_VERSION)).matches("1\\.[23]");
        assertThat(session.getAttributes().get(IngressSpans.TLS_CIPHER)).startsWith("TLS_");
        assertThat(session.getAttributes().get(IngressSpans.AUTH_USER)).isEqualTo(user);
        assertThat(session.getAttributes().get(IngressSpans.MESSAGES_ACCEPTED)).isEqualTo(1L);
        assertThat(session.getAttributes().get(IngressSpans.MESSAGES_REFUSED)).isEqualTo(1L);
        assertThat(session.getAttributes().get(IngressSpans.BYTES_RECEIVED)).isGreaterThan(20L);
        assertThat(session.getAttributes().get(MailSpans.SMTP_REPLY)).isEqualTo("221 2.0.0 Bye");
    }

    /** Sum of the Prometheus samples of {@code name} whose labels contain every one of {@code labels}. */
    static double metric(String name, String... labels) {
        return PrometheusSamples.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(),
                name, labels);
    }
}
