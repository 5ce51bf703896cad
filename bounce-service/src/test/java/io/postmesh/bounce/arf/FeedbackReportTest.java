package io.postmesh.bounce.arf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FeedbackReportTest {

    static Stream<Arguments> reports() {
        return Stream.of(
                Arguments.of("yahoo", ArfSamples.yahoo("Bob@example.test"), new FeedbackReport(FeedbackType.ABUSE,
                        "Yahoo!-Mail-Feedback/2.0", List.of("Bob@example.test"), "bounces+q123@sender.postmesh.test",
                        "sender.postmesh.test", "192.0.2.25", null, "arf.mail.yahoo.test", "Bob@example.test",
                        "<m-q123@sender.postmesh.test>"), "arf.mail.yahoo.test", List.of("Bob@example.test")),
                Arguments.of("aol, redacted, headers only in base64", ArfSamples.aolRedacted(), new FeedbackReport(
                        FeedbackType.FRAUD, "AOL SComp", List.of(), null, null, "192.0.2.26", "mail.aol.com",
                        "aol.net", "redacted@aol.com", "<m-aol@sender.postmesh.test>"), "mail.aol.com",
                        List.of("redacted@aol.com")),
                Arguments.of("outlook, folded, no Original-Rcpt-To", ArfSamples.outlook("dan@outlook.test", "abuse"),
                        new FeedbackReport(FeedbackType.ABUSE, "Microsoft JMRP (outlook.test)", List.of(), null, null,
                                "192.0.2.27", null, "hotmail.com", "dan@outlook.test",
                                "<m-jmrp@sender.postmesh.test>"), "hotmail.com", List.of("dan@outlook.test")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void reports(String name, String raw, FeedbackReport expected, String reportingDomain, List<String> complainers) {
        FeedbackReport report = FeedbackReport.parse(raw.getBytes(StandardCharsets.US_ASCII)).orElseThrow();
        assertThat(report).isEqualTo(expected);
        assertThat(report.reportingDomain()).isEqualTo(reportingDomain);
        assertThat(report.complainers()).isEqualTo(complainers);
    }

    static Stream<Arguments> notFeedbackReports() {
        return Stream.of(
                Arguments.of("a DSN", ArfSamples.dsn()),
                Arguments.of("plain mail", "From: a@b.test\r\nSubject: hi\r\n\r\nhello\r\n"),
                Arguments.of("no Feedback-Type", ArfSamples.yahoo("bob@example.test")
                        .replace("Feedback-Type: abuse\r\n", "")),
                Arguments.of("second part of the wrong type", ArfSamples.yahoo("bob@example.test")
                        .replace("Content-Type: message/feedback-report", "Content-Type: text/plain")),
                Arguments.of("truncated", ArfSamples.yahoo("bob@example.test").substring(0, 120)),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void notFeedbackReports(String name, String raw) {
        assertThat(FeedbackReport.parse(raw.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0} -> {1}, complaint={2}")
    @CsvSource({"abuse,ABUSE,true", "Fraud,FRAUD,true", "virus,VIRUS,true", "other,OTHER,false",
            "not-spam,NOT_SPAM,false", "auth-failure,AUTH_FAILURE,false", "opt-out,OTHER,false"})
    void feedbackTypes(String token, FeedbackType type, boolean complaint) {
        assertThat(FeedbackType.of(token)).isEqualTo(type);
        assertThat(type.complaint()).isEqualTo(complaint);
        FeedbackReport report = FeedbackReport.parse(ArfSamples.outlook("dan@outlook.test", token)
                .getBytes(StandardCharsets.US_ASCII)).orElseThrow();
        assertThat(report.feedbackType()).isEqualTo(type);
    }
}
