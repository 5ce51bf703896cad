package io.postmesh.bounce.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Status, Remote-MTA and Diagnostic-Code chosen for one failed recipient from its outcome(s). */
class ReportableRecipientsTest {
    static final Instant AT = Instant.parse("2026-11-20T08:00:05Z");
    static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
    static final String BOB = "bob@example.test";

    static RecipientOutcome outcome(String rcpt, Result result, String status, String diagnostic, String mta) {
        return new RecipientOutcome(rcpt, result, status, diagnostic, mta, AT);
    }

    static Stream<Arguments> rows() {
        Result perm = Result.PERMANENT_FAILURE;
        return Stream.of(
                // name, outcomes, status, remote MTA, diagnostic code, last attempt
                Arguments.of("remote 5xx reply", List.of(outcome(BOB, perm, "5.1.1", "550 5.1.1 no such user", "mx1.example.test")),
                        "5.1.1", "mx1.example.test", "smtp; 550 5.1.1 no such user", AT),
                Arguments.of("expired after 4xx keeps class 4 (RFC 3463 §3.1)",
                        List.of(outcome(BOB, Result.TEMPORARY_FAILURE, "4.4.7", "451 4.4.7 try later", "mx1.example.test")),
                        "4.4.7", "mx1.example.test", "smtp; 451 4.4.7 try later", AT),
                Arguments.of("no remote server reached: our own text, X- type",
                        List.of(outcome(BOB, perm, "5.1.2", "domain example.test has no MX (null MX)", null)),
                        "5.1.2", null, "X-Postmesh; domain example.test has no MX (null MX)", AT),
                Arguments.of("status missing: derived from the reply",
                        List.of(outcome(BOB, perm, null, "554 5.7.1 rejected", "mx1.example.test")),
                        "5.7.1", "mx1.example.test", "smtp; 554 5.7.1 rejected", AT),
                Arguments.of("reply without enhanced code: class default",
                        List.of(outcome(BOB, perm, "", "550 mailbox unavailable", "mx1.example.test")),
                        "5.0.0", "mx1.example.test", "smtp; 550 mailbox unavailable", AT),
                Arguments.of("no outcome at all", List.of(), "5.0.0", null, null, NOW),
                Arguments.of("outcome matched case-insensitively, last one wins",
                        List.of(outcome("BOB@example.test", perm, "5.2.2", "552 5.2.2 full", "mx1.example.test"),
                                outcome("Bob@Example.Test", perm, "5.2.1", "550 5.2.1 disabled", "mx2.example.test")),
                        "5.2.1", "mx2.example.test", "smtp; 550 5.2.1 disabled", AT),
                Arguments.of("CR LF in a remote reply cannot inject fields",
                        List.of(outcome(BOB, perm, "5.1.1", "550 5.1.1 no\r\nBcc: victim@example.test", "mx1.example.test\r\nX: y")),
                        "5.1.1", "mx1.example.test X: y", "smtp; 550 5.1.1 no Bcc: victim@example.test", AT),
                Arguments.of("non-ASCII in a reply becomes '?'",
                        List.of(outcome(BOB, perm, "5.1.1", "550 5.1.1 Empfänger unbekannt", "mx1.example.test")),
                        "5.1.1", "mx1.example.test", "smtp; 550 5.1.1 Empf?nger unbekannt", AT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void reportsTheRecipient(String name, List<RecipientOutcome> outcomes, String status, String remoteMta,
                             String diagnosticCode, Instant lastAttempt) {
        Envelope job = Envelope.builder().reversePath("alice@sender.test").recipients(List.of(Recipient.of(BOB))).build();

        List<FailedRecipient> got = ReportableRecipients.select(job, outcomes, NOW);

        assertThat(got).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo(BOB);
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.remoteMta()).isEqualTo(remoteMta);
            assertThat(r.diagnosticCode()).isEqualTo(diagnosticCode);
            assertThat(r.lastAttempt()).isEqualTo(lastAttempt);
            assertThat(r.explanation()).doesNotContain("\r", "\n").isNotBlank();
        });
    }

    static Stream<Arguments> orcpts() {
        return Stream.of(
                Arguments.of("rfc822;bob@example.test", "rfc822; bob@example.test"),
                Arguments.of("rfc822;bob+2Bx@example.test", "rfc822; bob+x@example.test"),
                Arguments.of("rfc822; bob@example.test", "rfc822; bob@example.test"),
                Arguments.of("utf-8;b+C3+B6b@example.test", "utf-8; b??b@example.test"),
                Arguments.of("no-semicolon", null),
                Arguments.of("rfc822;", null),
                Arguments.of(";bob@example.test", null),
                Arguments.of(null, null));
    }

    @ParameterizedTest(name = "ORCPT {0}")
    @MethodSource("orcpts")
    void originalRecipientFromOrcpt(String orcpt, String expected) {
        assertThat(ReportableRecipients.originalRecipient(orcpt)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void longDiagnosticsAreCapped() {
        char[] junk = new char[5000];
        Arrays.fill(junk, 'x');
        List<RecipientOutcome> outcomes = new ArrayList<>();
        outcomes.add(outcome(BOB, Result.PERMANENT_FAILURE, "5.0.0", "550 " + new String(junk), "mx1.example.test"));
        Envelope job = Envelope.builder().reversePath("a@b.test").recipients(List.of(Recipient.of(BOB))).build();

        assertThat(ReportableRecipients.select(job, outcomes, NOW).get(0).diagnosticCode()).hasSizeLessThan(1000);
    }
}
