package io.postmesh.bounce.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.bounce.dsn.DsnBuilder;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole corpus table {@code bounces/corpus.csv}: every listed file must yield exactly the listed
 * recipients (in order) with the listed reason, status and hard/soft, and the corpus must cover every
 * {@link Reason}. Plus Postmesh's own DSN, generated with {@link DsnBuilder}, read back.
 */
class BounceCorpusTest {

    record Row(String file, String recipient, Reason reason, String status, HardSoft hardSoft) {
    }

    static List<Row> table() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : resource("corpus.csv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split(",");
            rows.add(new Row(f[0], f[1], Reason.valueOf(f[2]), f[3], HardSoft.valueOf(f[4])));
        }
        return rows;
    }

    @Test
    void wholeCorpusClassifiesAsTheTableSays() throws IOException {
        Map<String, List<Row>> byFile = new LinkedHashMap<>();
        table().forEach(r -> byFile.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r));
        assertThat(byFile).hasSizeGreaterThanOrEqualTo(16);
        Set<Reason> covered = EnumSet.noneOf(Reason.class);
        for (var e : byFile.entrySet()) {
            List<ClassifiedBounce> got = BounceClassifier.classify(
                    resource(e.getKey()).getBytes(StandardCharsets.UTF_8));
            List<String> expected = e.getValue().stream()
                    .map(r -> r.recipient() + " " + r.reason().wireName() + " " + r.status() + " "
                            + r.hardSoft().wireName())
                    .toList();
            assertThat(got.stream().map(b -> b.recipient() + " " + b.reason() + " " + b.status() + " "
                    + b.hardSoft()).toList()).as(e.getKey()).isEqualTo(expected);
            got.forEach(b -> covered.add(b.reasonEnum()));
        }
        assertThat(covered).as("every reason appears in the corpus").containsExactlyInAnyOrder(Reason.values());
    }

    @Test
    void reportsFieldsOfStandardDsn() throws IOException {
        List<ParsedBounce> parsed = BounceParser.parse(
                resource("postfix-multi-recipient.eml").getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).hasSize(3); // carol was delivered: not a bounce
        assertThat(parsed.get(0)).isEqualTo(new ParsedBounce("bob@example.test", "5.1.1",
                "550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown in local recipient table",
                "mx1.sender.test", "mx.example.test"));
        assertThat(parsed.get(2).remoteMta()).isNull();
    }

    @Test
    void readsRemoteMtaAndReportingMtaFromText() throws IOException {
        List<ParsedBounce> qmail = BounceParser.parse(resource("qmail-two-recipients.eml").getBytes(StandardCharsets.UTF_8));
        assertThat(qmail.get(0).reportingMta()).isEqualTo("mail.qmail.test");
        assertThat(qmail.get(1).remoteMta()).isEqualTo("192.0.2.44");
        List<ParsedBounce> exim = BounceParser.parse(
                resource("exim-too-big-and-expired.eml").getBytes(StandardCharsets.UTF_8));
        assertThat(exim.get(0).remoteMta()).isEqualTo("mx.bigcorp.test");
        assertThat(exim.get(0).reportingMta()).isEqualTo("relay.exim.test");
        List<ParsedBounce> o365 = BounceParser.parse(resource("office365-ndr.eml").getBytes(StandardCharsets.UTF_8));
        assertThat(o365.get(0).reportingMta()).isEqualTo("AM6PR04MB1234.eurprd04.prod.outlook.test");
    }

    @Test
    void postmeshOwnDsnReadsBack() {
        Instant at = Instant.parse("2025-03-03T10:15:00Z");
        Envelope job = Envelope.builder().queueId("01JORIG000000000WXYZ").messageId("<m1@sender.test>")
                .reversePath("alice@sender.test").firstSeen(at).destination("nowhere.test")
                .recipients(List.of(Recipient.of("yvonne@nowhere.test"))).build();
        RecipientOutcome outcome = new RecipientOutcome("yvonne@nowhere.test", Result.PERMANENT_FAILURE, "5.1.2",
                "550 5.1.2 domain nowhere.test has no MX and no A record", null, at);
        byte[] dsn = new DsnBuilder("bounce.postmesh.test", "postmaster@postmesh.test")
                .build(job, List.of(outcome), "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII),
                        "01JDSN0000000000ABCD", at)
                .orElseThrow().bytes();
        assertThat(BounceClassifier.classify(dsn)).extracting(ClassifiedBounce::recipient, ClassifiedBounce::reason,
                        ClassifiedBounce::status, ClassifiedBounce::hardSoft, ClassifiedBounce::reportingMta)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("yvonne@nowhere.test", "host_unknown", "5.1.2",
                        "hard", "bounce.postmesh.test"));
    }

    @Test
    void notABounceYieldsNothing() {
        byte[] plain = "From: a@x.test\r\nSubject: hello\r\n\r\nJust saying hi.\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(BounceClassifier.classify(plain)).isEmpty();
        assertThat(BounceClassifier.classify(new byte[0])).isEmpty();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = BounceCorpusTest.class.getResourceAsStream("/bounces/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
