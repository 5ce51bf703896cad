package io.postmesh.bounce.dsn;

import static io.postmesh.bounce.dsn.ParsedDsn.field;
import static io.postmesh.bounce.dsn.ParsedDsn.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.Recipient.Notify;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Delay warnings (RFC 3464 Action: delayed) for mail that is still queued. */
class DelayWarningTest {
    private static final Instant NOW = Instant.parse("2026-11-22T16:00:00Z");
    private static final byte[] ORIGINAL = "Subject: report\r\nFrom: a@src.test\r\n\r\nsecret body\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private final DsnBuilder builder = new DsnBuilder("mx.postmesh.test", "postmaster@postmesh.test");

    @Test
    void reportsDelayedRecipientsThatAskedForIt_andNeverReturnsTheBody() throws Exception {
        Envelope job = Envelope.builder().queueId("Q1").reversePath("a@src.test").ret(Envelope.Ret.FULL)
                .firstSeen(NOW.minusSeconds(4 * 3600))
                .recipients(List.of(
                        Recipient.of("plain@dst.test"),
                        new Recipient("delay@dst.test", Set.of(Notify.DELAY, Notify.FAILURE), null),
                        new Recipient("failonly@dst.test", Set.of(Notify.FAILURE), null)))
                .build();
        List<RecipientOutcome> outcomes = List.of(
                outcome("plain@dst.test"), outcome("delay@dst.test"), outcome("failonly@dst.test"));

        Optional<Dsn> dsn = builder.build(job, outcomes, ORIGINAL, "D1", NOW, ReportKind.DELAYED);

        ParsedDsn parsed = ParsedDsn.parse(dsn.orElseThrow().bytes());
        assertThat(parsed.message.getSubject()).isEqualTo("Delayed Mail (still being retried)");
        assertThat(parsed.perRecipient()).extracting(g -> field(g, "Final-Recipient"))
                .containsExactly("rfc822; plain@dst.test", "rfc822; delay@dst.test");
        assertThat(parsed.perRecipient()).allSatisfy(g -> {
            assertThat(field(g, "Action")).isEqualTo("delayed");
            assertThat(field(g, "Status")).isEqualTo("4.4.1");
        });
        assertThat(parsed.part(2).getContentType()).startsWith("text/rfc822-headers");
        assertThat(text(parsed.part(2))).contains("Subject: report").doesNotContain("secret body");
        assertThat(text(parsed.part(0))).contains("will be retried");
    }

    @Test
    void noWarningWhenNobodyAskedOrForABounce() {
        Envelope never = Envelope.builder().queueId("Q2").reversePath("a@src.test")
                .recipients(List.of(new Recipient("x@dst.test", Set.of(Notify.NEVER), null))).build();
        Envelope bounce = Envelope.builder().queueId("Q3").reversePath("")
                .recipients(List.of(Recipient.of("x@dst.test"))).build();
        assertThat(builder.build(never, List.of(outcome("x@dst.test")), ORIGINAL, "D2", NOW, ReportKind.DELAYED)).isEmpty();
        assertThat(builder.build(bounce, List.of(outcome("x@dst.test")), ORIGINAL, "D3", NOW, ReportKind.DELAYED)).isEmpty();
    }

    private static RecipientOutcome outcome(String recipient) {
        return new RecipientOutcome(recipient, Result.TEMPORARY_FAILURE, "4.4.1",
                "connection refused by mx.dst.test", null, NOW.minusSeconds(60));
    }
}
