package io.postmesh.bounce.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table-driven corpus of replies as the big receivers word them (invented addresses and IPs, wording
 * written from the receivers' public formats), in the manner of KumoMTA's bounce-classify corpus.
 * Columns: source | code | enhanced (empty: none given) | text | reason | hard/soft | status.
 */
class ReplyClassifierTest {

    @ParameterizedTest(name = "{0}: {1} {2} {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', emptyValue = "", textBlock = """
        gmail      | 550 | 5.1.1  | The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos | USER_UNKNOWN | HARD | 5.1.1
        gmail      | 452 | 4.2.2  | The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.test/mail/?p=OverQuotaTemp | MAILBOX_FULL | SOFT | 4.2.2
        gmail      | 552 | 5.2.2  | The recipient's inbox is out of storage space. | MAILBOX_FULL | SOFT | 5.2.2
        gmail      | 550 | 5.2.1  | The email account that you tried to reach is disabled. | SUSPENDED | HARD | 5.2.1
        gmail      | 450 | 4.2.1  | The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. | RATE_LIMITED | SOFT | 4.2.1
        gmail      | 552 | 5.3.4  | Your message exceeded Google's message size limits. | MESSAGE_TOO_BIG | SOFT | 5.3.4
        gmail      | 550 | 5.7.1  | Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. | SPAM_CONTENT | SOFT | 5.7.1
        gmail      | 550 | 5.7.26 | This mail is unauthenticated, which poses a security risk to the sender and Gmail users | BLOCKED_POLICY | SOFT | 5.7.26
        gmail      | 421 | 4.7.28 | Our system has detected an unusual rate of unsolicited mail originating from your IP address. | RATE_LIMITED | SOFT | 4.7.28
        gmail      | 421 | 4.7.0  | Try again later, closing connection. (EHLO) | RATE_LIMITED | SOFT | 4.7.0
        gmail      | 530 | 5.7.0  | Must issue a STARTTLS command first. | TLS_REQUIRED | SOFT | 5.7.0
        outlook    | 550 | 5.5.0  | Requested action not taken: mailbox unavailable (S2017062302) | USER_UNKNOWN | HARD | 5.5.0
        outlook    | 550 | 5.7.1  | Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). | BLOCKED_POLICY | SOFT | 5.7.1
        outlook    | 421 | 4.7.650 | The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation. | RATE_LIMITED | SOFT | 4.7.650
        o365       | 550 | 5.1.10 | RESOLVER.ADR.RecipientNotFound; Recipient nobody@contoso.test not found by SMTP address lookup | USER_UNKNOWN | HARD | 5.1.10
        o365       | 550 | 5.4.1  | Recipient address rejected: Access denied. AS(201806281) [DB5EUR03FT012.eop-EUR03.prod.protection.outlook.test] | USER_UNKNOWN | HARD | 5.4.1
        o365       | 554 | 5.2.2  | mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded | MAILBOX_FULL | SOFT | 5.2.2
        o365       | 550 | 5.7.509 | Access denied, sending domain news.example.test does not pass DMARC verification and has a DMARC policy of reject. | BLOCKED_POLICY | SOFT | 5.7.509
        exchange   | 550 | 5.1.1  | RESOLVER.ADR.RecipNotFound; not found | USER_UNKNOWN | HARD | 5.1.1
        exchange   | 452 | 4.3.1  | Insufficient system resources | SYSTEM_ERROR | SOFT | 4.3.1
        exchange   | 554 | 5.4.14 | Hop count exceeded - possible mail loop ATTR34 | SYSTEM_ERROR | SOFT | 5.4.14
        yahoo      | 554 |        | delivery error: dd This user doesn't have a yahoo.test account (nobody@yahoo.test) [0] - mta1001.mail.bf1.yahoo.test | USER_UNKNOWN | HARD | 5.0.0
        yahoo      | 552 |        | 1 Requested mail action aborted, mailbox not found | USER_UNKNOWN | HARD | 5.0.0
        yahoo      | 421 | 4.7.0  | [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints | RATE_LIMITED | SOFT | 4.7.0
        yahoo      | 554 | 5.7.9  | Message not accepted for policy reasons. | BLOCKED_POLICY | SOFT | 5.7.9
        yahoo      | 554 |        | 30 Sorry, your message size exceeds 41943040 bytes. | MESSAGE_TOO_BIG | SOFT | 5.0.0
        postfix    | 550 | 5.1.1  | <nobody@example.test>: Recipient address rejected: User unknown in virtual mailbox table | USER_UNKNOWN | HARD | 5.1.1
        postfix    | 554 | 5.7.1  | Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org | BLOCKED_POLICY | SOFT | 5.7.1
        postfix    | 450 | 4.7.1  | <bob@example.test>: Recipient address rejected: Greylisted, see http://postgrey.example.test/ | RATE_LIMITED | SOFT | 4.7.1
        postfix    | 552 | 5.3.4  | Message size exceeds fixed limit | MESSAGE_TOO_BIG | SOFT | 5.3.4
        postfix    | 554 | 5.7.1  | <carol@example.test>: Relay access denied | BLOCKED_POLICY | SOFT | 5.7.1
        postfix    | 0   | 5.4.4  | Host or domain name not found. Name service error for name=nowhere.test type=AAAA: Host not found | HOST_UNKNOWN | HARD | 5.4.4
        postfix    | 0   | 4.4.7  | delivery temporarily suspended: connect to mx.slow.test[192.0.2.20]:25: Connection timed out | EXPIRED | SOFT | 4.4.7
        exim       | 550 |        | Unrouteable address | HOST_UNKNOWN | HARD | 5.0.0
        exim       | 550 |        | retry timeout exceeded | EXPIRED | SOFT | 5.0.0
        exim       | 552 |        | Mailbox quota exceeded | MAILBOX_FULL | SOFT | 5.0.0
        exim       | 451 |        | Temporary local problem - please try later | SYSTEM_ERROR | SOFT | 4.0.0
        sendmail   | 550 | 5.1.1  | <nobody@example.test>... User unknown | USER_UNKNOWN | HARD | 5.1.1
        sendmail   | 550 | 5.1.2  | <x@nowhere.test>... Host unknown (Name server: nowhere.test: host not found) | HOST_UNKNOWN | HARD | 5.1.2
        sendmail   | 553 | 5.1.8  | <bounce@sender.test>... Domain of sender address bounce@sender.test does not exist | BLOCKED_POLICY | SOFT | 5.1.8
        qmail      | 0   |        | Sorry, no mailbox here by that name. (#5.1.1) | USER_UNKNOWN | HARD | 5.1.1
        qmail      | 0   |        | Sorry, I couldn't find any host named nowhere.test. (#5.1.2) | HOST_UNKNOWN | HARD | 5.1.2
        qmail      | 0   |        | The users mailfolder is over the allowed quota (size). (#5.2.2) | MAILBOX_FULL | SOFT | 5.2.2
        qmail      | 0   |        | I'm not going to try again; this message has been in the queue too long. | EXPIRED | SOFT | 5.0.0
        icloud     | 550 | 5.1.1  | <nobody@icloud.test>: user does not exist | USER_UNKNOWN | HARD | 5.1.1
        icloud     | 554 | 5.7.1  | [CS01] Message rejected due to local policy. | BLOCKED_POLICY | SOFT | 5.7.1
        zoho       | 550 | 5.1.1  | User does not exist - <nobody@zoho.test> | USER_UNKNOWN | HARD | 5.1.1
        zoho       | 554 | 5.7.7  | Email policy violation detected | BLOCKED_POLICY | SOFT | 5.7.7
        proton     | 554 | 5.7.1  | <nobody@proton.test>: Recipient address rejected: Address does not exist | USER_UNKNOWN | HARD | 5.7.1
        mimecast   | 550 |        | Invalid Recipient - https://community.mimecast.test/docs/DOC-1369#550 | USER_UNKNOWN | HARD | 5.0.0
        mimecast   | 550 |        | Rejected by header based Anti-Spoofing policy: news@example.test | BLOCKED_POLICY | SOFT | 5.0.0
        mimecast   | 451 |        | Internal resource temporarily unavailable - https://community.mimecast.test/docs/DOC-1369#451 | SYSTEM_ERROR | SOFT | 4.0.0
        barracuda  | 554 |        | Service unavailable; Client host [192.0.2.10] blocked using Barracuda Reputation, http://www.barracuda.test/reputation/?ip=192.0.2.10 | BLOCKED_POLICY | SOFT | 5.0.0
        barracuda  | 550 |        | No such user (nobody@corp.test) | USER_UNKNOWN | HARD | 5.0.0
        ironport   | 550 | #5.1.0 | Address rejected. | USER_UNKNOWN | HARD | 5.1.0
        ironport   | 452 |        | Too many recipients received this hour | RATE_LIMITED | SOFT | 4.0.0
        ironport   | 554 | 5.7.1  | Message rejected due to content restrictions | SPAM_CONTENT | SOFT | 5.7.1
        ses        | 550 | 5.1.1  | user unknown | USER_UNKNOWN | HARD | 5.1.1
        ses        | 554 |        | Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: news@example.test | BLOCKED_POLICY | SOFT | 5.0.0
        generic    | 454 | 4.7.0  | TLS not available due to local problem | TLS_REQUIRED | SOFT | 4.7.0
        generic    | 550 | 5.7.10 | Encryption needed | TLS_REQUIRED | SOFT | 5.7.10
        generic    | 550 | 5.0.0  | Account has been suspended | SUSPENDED | HARD | 5.0.0
        generic    | 421 |        | Service not available, closing transmission channel | RATE_LIMITED | SOFT | 4.0.0
        generic    | 550 |        | Requested action not taken | UNKNOWN | HARD | 5.0.0
        generic    | 451 | 4.4.1  | No answer from host | SYSTEM_ERROR | SOFT | 4.4.1
        generic    | 550 | 4.4.7  | Message expired | EXPIRED | SOFT | 4.4.7
        """)
    void classifiesCorpus(String source, int code, String enhanced, String text, Reason reason, HardSoft hardSoft,
                          String status) {
        assertThat(ReplyClassifier.classify(code, enhanced, text))
                .as(source)
                .isEqualTo(new Classification(reason, hardSoft, status));
    }

    @Test
    void nullsAreTolerated() {
        assertThat(ReplyClassifier.classify(0, null, null))
                .isEqualTo(new Classification(Reason.UNKNOWN, HardSoft.HARD, "5.0.0"));
        assertThat(ReplyClassifier.classify(450, " ", null))
                .isEqualTo(new Classification(Reason.SYSTEM_ERROR, HardSoft.SOFT, "4.0.0"));
    }

    @Test
    void wireNamesAreLowerSnake() {
        assertThat(Reason.USER_UNKNOWN.wireName()).isEqualTo("user_unknown");
        assertThat(HardSoft.SOFT.wireName()).isEqualTo("soft");
    }
}
