package io.postmesh.bounce.dsn;

import static io.postmesh.bounce.dsn.ParsedDsn.field;
import static io.postmesh.bounce.dsn.ParsedDsn.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.Recipient.Notify;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import jakarta.mail.Address;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Builds DSNs for a table of failed jobs and reads each back with angus-mail. */
class DsnBuilderTest {
    static final String QID = "01JDSN0000000000ABCD";
    static final Instant FIRST_SEEN = Instant.parse("2026-11-20T08:00:00Z");
    static final Instant FAILED_AT = Instant.parse("2026-11-20T08:00:05Z");
    static final Instant NOW = Instant.parse("2026-11-20T08:00:06Z");
    static final String ORIGINAL = "Received: from client.test by localhost; Fri, 20 Nov 2026 08:00:00 +0000\r\n"
            + "From: Alice <alice@sender.test>\r\n"
            + "To: bob@example.test, carol@example.test\r\n"
            + "Subject: Quarterly report\r\n"
            + "Message-ID: <m1@sender.test>\r\n"
            + "\r\n"
            + "Hello Bob,\r\n"
            + "the numbers are attached.\r\n";
    static final String LONG_REPLY = "550 5.7.1 Service unavailable; client host [192.0.2.10] blocked using "
            + "zen.spamhaus.example; see https://www.spamhaus.example/query/ip/192.0.2.10 for details and removal";

    /** What one recipient group of the delivery-status part must say. */
    record Rcpt(String address, String status, String remoteMta, String diagnostic, String original) {}

    /** One row: a failed job and what its DSN must say (no rows expected → no DSN). */
    record Case(String name, Envelope job, List<RecipientOutcome> outcomes, byte[] original,
                List<Rcpt> expected, String thirdPart, String envId, String encoding) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Envelope.Builder job() {
        return Envelope.builder().queueId("01JORIG000000000WXYZ").messageId("<m1@sender.test>")
                .reversePath("alice@sender.test").firstSeen(FIRST_SEEN).destination("example.test");
    }

    static RecipientOutcome fail(String rcpt, String status, String reply) {
        return new RecipientOutcome(rcpt, Result.PERMANENT_FAILURE, status, reply, "mx1.example.test", FAILED_AT);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Case> cases() {
        Recipient bob = Recipient.of("bob@example.test");
        Recipient carol = Recipient.of("carol@example.test");
        RecipientOutcome bobFailed = fail("bob@example.test", "5.1.1", "550 5.1.1 <bob@example.test>: no such user");
        RecipientOutcome carolFailed = fail("carol@example.test", "5.7.1", LONG_REPLY);
        Rcpt bobRow = new Rcpt("bob@example.test", "5.1.1", "dns; mx1.example.test",
                "smtp; 550 5.1.1 <bob@example.test>: no such user", null);
        Rcpt carolRow = new Rcpt("carol@example.test", "5.7.1", "dns; mx1.example.test", "smtp; " + LONG_REPLY, null);
        String rfc822 = "message/rfc822";
        String headers = "text/rfc822-headers";
        return Stream.of(
                new Case("single failure", job().recipients(List.of(bob)).build(), List.of(bobFailed),
                        bytes(ORIGINAL), List.of(bobRow), headers, null, "7bit"),
                new Case("multiple failures, one DSN", job().recipients(List.of(bob, carol)).build(),
                        List.of(bobFailed, carolFailed), bytes(ORIGINAL), List.of(bobRow, carolRow), headers, null, "7bit"),
                new Case("partial: carol was delivered", job().recipients(List.of(bob)).build(),
                        List.of(new RecipientOutcome("carol@example.test", Result.SUCCESS, "2.0.0", "250 2.0.0 ok",
                                "mx1.example.test", FAILED_AT), bobFailed),
                        bytes(ORIGINAL), List.of(bobRow), headers, null, "7bit"),
                new Case("RET=FULL returns the whole message", job().recipients(List.of(bob)).ret(Envelope.Ret.FULL).build(),
                        List.of(bobFailed), bytes(ORIGINAL), List.of(bobRow), rfc822, null, "7bit"),
                new Case("RET=HDRS returns the header section", job().recipients(List.of(bob)).ret(Envelope.Ret.HDRS).build(),
                        List.of(bobFailed), bytes(ORIGINAL), List.of(bobRow), headers, null, "7bit"),
                new Case("RET=FULL of an 8-bit message", job().recipients(List.of(bob)).ret(Envelope.Ret.FULL).build(),
                        List.of(bobFailed), bytes(ORIGINAL + "Grüße, Zoë\r\n"), List.of(bobRow), rfc822, null, "8bit"),
                new Case("ENVID and ORCPT (xtext) are decoded",
                        job().recipients(List.of(new Recipient("bob@example.test", Set.of(Notify.FAILURE),
                                "rfc822;bob+2Blists@example.test"))).envId("QQ314159+2B27").build(),
                        List.of(bobFailed), bytes(ORIGINAL),
                        List.of(new Rcpt("bob@example.test", "5.1.1", "dns; mx1.example.test",
                                "smtp; 550 5.1.1 <bob@example.test>: no such user", "rfc822; bob+lists@example.test")),
                        headers, "QQ314159+27", "7bit"),
                new Case("NOTIFY=NEVER recipient is left out",
                        job().recipients(List.of(new Recipient("bob@example.test", Set.of(Notify.NEVER), null), carol)).build(),
                        List.of(bobFailed, carolFailed), bytes(ORIGINAL), List.of(carolRow), headers, null, "7bit"),
                new Case("NOTIFY=SUCCESS,DELAY only: no DSN",
                        job().recipients(List.of(new Recipient("bob@example.test", Set.of(Notify.SUCCESS, Notify.DELAY), null)))
                                .build(), List.of(bobFailed), bytes(ORIGINAL), List.of(), null, null, null),
                new Case("all NOTIFY=NEVER: no DSN",
                        job().recipients(List.of(new Recipient("bob@example.test", Set.of(Notify.NEVER), null))).build(),
                        List.of(bobFailed), bytes(ORIGINAL), List.of(), null, null, null),
                new Case("null reverse path: never bounce a bounce", job().reversePath("").recipients(List.of(bob)).build(),
                        List.of(bobFailed), bytes(ORIGINAL), List.of(), null, null, null),
                new Case("our own DSN failed: never bounce a bounce", job().dsn(true).recipients(List.of(bob)).build(),
                        List.of(bobFailed), bytes(ORIGINAL), List.of(), null, null, null));
    }

    final DsnBuilder builder = new DsnBuilder("mta.example.net", "postmaster@example.net");

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void buildsTheReport(Case c) throws Exception {
        var dsn = builder.build(c.job(), c.outcomes(), c.original(), QID, NOW);
        if (c.expected().isEmpty()) {
            assertThat(dsn).isEmpty();
            return;
        }
        assertThat(dsn).isPresent();
        byte[] raw = dsn.get().bytes();
        assertWellFormedLines(raw);
        ParsedDsn parsed = ParsedDsn.parse(raw);
        MimeMessage m = parsed.message;

        // Top-level header (RFC 3464 §2, RFC 3834 §5)
        assertThat(m.getFrom()).extracting(Address::toString)
                .containsExactly("Mail Delivery System <postmaster@example.net>");
        assertThat(m.getRecipients(MimeMessage.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("alice@sender.test");
        assertThat(m.getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
        assertThat(m.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(m.getMessageID()).isEqualTo("<" + QID + "@mta.example.net>").isEqualTo(dsn.get().messageId());
        assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(m.getHeader("MIME-Version", null)).isEqualTo("1.0");
        ContentType type = new ContentType(m.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo("delivery-status");

        // Three parts (RFC 6522 §3)
        assertThat(parsed.report.getCount()).isEqualTo(3);
        assertThat(new ContentType(parsed.part(0).getContentType()).getBaseType()).isEqualTo("text/plain");
        assertThat(new ContentType(parsed.part(1).getContentType()).getBaseType()).isEqualTo("message/delivery-status");
        assertThat(new ContentType(parsed.part(2).getContentType()).getBaseType()).isEqualTo(c.thirdPart());

        // Human-readable part names exactly the reported recipients with their replies
        String human = text(parsed.part(0));
        for (Rcpt r : c.expected()) {
            assertThat(human.replaceAll("\\s+", " ")).contains("<" + r.address() + ">")
                    .contains(r.diagnostic().substring("smtp; ".length()));
        }
        List<String> everyone = List.of("bob@example.test", "carol@example.test");
        everyone.stream().filter(a -> c.expected().stream().noneMatch(r -> r.address().equals(a)))
                .forEach(a -> assertThat(human).doesNotContain(a));

        // message/delivery-status (RFC 3464 §2.2, §2.3)
        InternetHeaders perMessage = parsed.perMessage();
        assertThat(field(perMessage, "Reporting-MTA")).isEqualTo("dns; mta.example.net");
        assertThat(field(perMessage, "Original-Envelope-Id")).isEqualTo(c.envId());
        assertThat(new MailDateFormat().parse(field(perMessage, "Arrival-Date")).toInstant()).isEqualTo(FIRST_SEEN);
        assertThat(parsed.perRecipient()).hasSameSizeAs(c.expected());
        for (int i = 0; i < c.expected().size(); i++) {
            Rcpt want = c.expected().get(i);
            InternetHeaders got = parsed.perRecipient().get(i);
            assertThat(field(got, "Final-Recipient")).isEqualTo("rfc822; " + want.address());
            assertThat(field(got, "Original-Recipient")).isEqualTo(want.original());
            assertThat(field(got, "Action")).isEqualTo("failed");
            assertThat(field(got, "Status")).isEqualTo(want.status());
            assertThat(field(got, "Remote-MTA")).isEqualTo(want.remoteMta());
            assertThat(field(got, "Diagnostic-Code")).isEqualTo(want.diagnostic());
            assertThat(new MailDateFormat().parse(field(got, "Last-Attempt-Date")).toInstant()).isEqualTo(FAILED_AT);
        }

        // The returned message: whole (RET=FULL) or its header section only
        assertThat(parsed.part(2).getHeader("Content-Transfer-Encoding")).containsExactly(c.encoding());
        assertThat(dsn.get().eightBit()).isEqualTo("8bit".equals(c.encoding()));
        String original = new String(c.original(), StandardCharsets.UTF_8);
        if (c.thirdPart().equals("message/rfc822")) {
            MimeMessage returned = (MimeMessage) parsed.part(2).getContent();
            assertThat(returned.getSubject()).isEqualTo("Quarterly report");
            assertThat(text(parsed.part(2))).isEqualTo(original);
        } else {
            assertThat(text(parsed.part(2))).isEqualTo(original.substring(0, original.indexOf("\r\n\r\n") + 2))
                    .doesNotContain("the numbers are attached");
        }
    }

    /** Only CRLF line ends (RFC 5322 §2.3), no line over 998, generated lines folded to 78 where possible. */
    static void assertWellFormedLines(byte[] raw) {
        String s = new String(raw, StandardCharsets.UTF_8);
        assertThat(s.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        assertThat(s).endsWith("\r\n");
        for (String line : s.split("\r\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(78);
        }
    }
}
