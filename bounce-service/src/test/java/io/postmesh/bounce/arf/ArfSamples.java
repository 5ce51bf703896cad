package io.postmesh.bounce.arf;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Feedback reports written for these tests in the shapes the big feedback loops use (RFC 5965 §2): a
 * Yahoo-style report with the full original message, an AOL-style one with the recipient redacted and only the
 * original headers (base64), an Outlook/JMRP-style one with folded fields and no Original-Rcpt-To.
 */
final class ArfSamples {
    private ArfSamples() {}

    static String yahoo(String rcpt) {
        return String.join("\r\n",
                "From: Yahoo! Mail AntiSpam Feedback <feedback@arf.mail.yahoo.test>",
                "To: fbl@bounces.postmesh.test",
                "Subject: FW: Spring sale",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=feedback-report;",
                "\tboundary=\"----=_Part_1\"",
                "",
                "------=_Part_1",
                "Content-Type: text/plain; charset=us-ascii",
                "",
                "This is an email abuse report for an email message received from IP 192.0.2.25.",
                "",
                "------=_Part_1",
                "Content-Type: message/feedback-report",
                "",
                "Feedback-Type: abuse",
                "User-Agent: Yahoo!-Mail-Feedback/2.0",
                "Version: 1",
                "Original-Mail-From: <bounces+q123@sender.postmesh.test>",
                "Original-Rcpt-To: <" + rcpt + ">",
                "Received-Date: Sun, 1 Mar 2026 10:00:00 +0000",
                "Reported-Domain: Sender.Postmesh.TEST",
                "Source-IP: 192.0.2.25",
                "Authentication-Results: mta1000.mail.yahoo.test; dkim=pass header.d=sender.postmesh.test",
                "",
                "------=_Part_1",
                "Content-Type: message/rfc822",
                "",
                "From: Shop <news@sender.postmesh.test>",
                "To: Someone <" + rcpt + ">",
                "Subject: Spring sale",
                "Message-ID: <m-q123@sender.postmesh.test>",
                "",
                "Buy now.",
                "------=_Part_1--",
                "");
    }

    static String aolRedacted() {
        String headers = String.join("\r\n",
                "From: news@sender.postmesh.test",
                "To: redacted@aol.com",
                "Subject: Weekly",
                "Message-ID: <m-aol@sender.postmesh.test>",
                "", "");
        return String.join("\r\n",
                "From: scomp@aol.net",
                "To: fbl@bounces.postmesh.test",
                "Subject: Email Feedback Report for IP 192.0.2.26",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=\"feedback-report\"; boundary=\"arf-b\"",
                "",
                "--arf-b",
                "Content-Type: text/plain",
                "",
                "This is an email abuse report.",
                "--arf-b",
                "Content-Type: message/feedback-report",
                "",
                "Feedback-Type: fraud",
                "User-Agent: AOL SComp",
                "Version: 1",
                "Reporting-MTA: dns; mail.aol.com",
                "Source-IP: 192.0.2.26",
                "",
                "--arf-b",
                "Content-Type: text/rfc822-headers",
                "Content-Transfer-Encoding: base64",
                "",
                Base64.getMimeEncoder().encodeToString(headers.getBytes(StandardCharsets.US_ASCII)),
                "--arf-b--",
                "");
    }

    static String outlook(String to, String feedbackType) {
        return String.join("\r\n",
                "From: staff@hotmail.com",
                "To: fbl@bounces.postmesh.test",
                "Subject: complaint about message from 192.0.2.27",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report;",
                " report-type=feedback-report;",
                " boundary=\"jmrp_boundary\"",
                "",
                "--jmrp_boundary",
                "Content-Type: text/plain; charset=\"us-ascii\"",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "This is a Junk Mail Reporting Program report.=20",
                "--jmrp_boundary",
                "Content-Type: message/feedback-report",
                "",
                "Feedback-Type: " + feedbackType,
                "User-Agent: Microsoft JMRP",
                "  (outlook.test)",
                "Version: 1",
                "Source-IP: 192.0.2.27",
                "",
                "--jmrp_boundary",
                "Content-Type: message/rfc822",
                "",
                "From: news@sender.postmesh.test",
                "To: \"Dan\" <" + to + ">, other@outlook.test",
                "Subject: Weekly",
                "Message-ID: <m-jmrp@sender.postmesh.test>",
                "",
                "Body",
                "--jmrp_boundary--",
                "");
    }

    /** An RFC 3464 DSN: a multipart/report that is not a feedback report. */
    static String dsn() {
        return String.join("\r\n",
                "From: MAILER-DAEMON@mx.example.test",
                "To: bounces@sender.postmesh.test",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"d\"",
                "",
                "--d",
                "Content-Type: text/plain",
                "",
                "failed",
                "--d",
                "Content-Type: message/delivery-status",
                "",
                "Reporting-MTA: dns; mx.example.test",
                "",
                "Final-Recipient: rfc822; bob@example.test",
                "Action: failed",
                "Status: 5.1.1",
                "",
                "--d--",
                "");
    }
}
