package io.postmesh.ingress.smtp.protocol;

import static io.postmesh.ingress.smtp.protocol.SessionFixture.QUEUE_ID;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.code;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.run;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.smtp.protocol.SmtpSession.State;
import io.postmesh.model.Envelope.Ret;
import io.postmesh.model.Recipient;
import io.postmesh.model.Recipient.Notify;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The DATA phase and the end of a transaction, without sockets. */
class SmtpSessionDataTest {

    private static final String RECEIVED = "Received: from client.test ([127.0.0.1])\r\n"
            + "\tby mx.postmesh.test (Postmesh) with ESMTP id " + QUEUE_ID + "\r\n"
            + "\tfor <bob@example.test>; Sun, 22 Nov 2026 10:15:30 +0000\r\n";

    private static SmtpSession inData(long maxSize) {
        SmtpSession session = SessionFixture.session(maxSize, 5, false, "127.0.0.0/8", "");
        Reply reply = run(session, "EHLO client.test", "MAIL FROM:<alice@client.test> RET=FULL ENVID=env+2B1",
                "RCPT TO:<bob@example.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;bob@example.test", "DATA");
        assertThat(code(reply)).isEqualTo("354");
        return session;
    }

    /** Feeds raw lines (the transport has already split on CRLF) up to and including the end mark. */
    private static DataEnd feed(SmtpSession session, String... lines) {
        Optional<DataEnd> end = Optional.empty();
        for (String line : lines) {
            assertThat(end).as("data ended early").isEmpty();
            end = SessionFixture.dataLine(session, line.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(end).as("data did not end").isPresent();
        return end.get();
    }

    @Test
    void storedMessageIsReceivedHeaderPlusUnstuffedDataWithCrlf() {
        SmtpSession session = inData(10_000);
        DataEnd end = feed(session, "Subject: hi", "", "..leading dot", ".");
        assertThat(end).isInstanceOf(DataEnd.Complete.class);
        AcceptedMessage m = ((DataEnd.Complete) end).message();
        assertThat(new String(m.content(), StandardCharsets.UTF_8))
                .isEqualTo(RECEIVED + "Subject: hi\r\n\r\n.leading dot\r\n");
        assertThat(m.queueId()).isEqualTo(QUEUE_ID);
        assertThat(m.reversePath()).isEqualTo("alice@client.test");
        assertThat(m.recipients()).containsExactly(new Recipient("bob@example.test",
                Set.of(Notify.SUCCESS, Notify.DELAY), "rfc822;bob@example.test"));
        assertThat(m.parameters().ret()).isEqualTo(Ret.FULL);
        assertThat(m.parameters().envId()).isEqualTo("env+2B1");
        assertThat(m.helo()).isEqualTo("client.test");
        assertThat(session.state()).isEqualTo(State.HANDOFF);
    }

    @Test
    void loneDotInTheMiddleIsNotEndOfDataWhenStuffed() {
        // "..", unstuffed to ".", is content, not the end mark
        DataEnd end = feed(inData(10_000), "a", "..", "b", ".");
        String body = new String(((DataEnd.Complete) end).message().content(), StandardCharsets.UTF_8);
        assertThat(body).endsWith("\r\na\r\n.\r\nb\r\n");
    }

    static Stream<Arguments> smuggling() {
        return Stream.of(
                Arguments.of("LF.LF inside a line", new String[] {"a\n.\nMAIL FROM:<x@evil.test>", "."}),
                Arguments.of("CRLF.LF: the dot line ends in a bare LF", new String[] {"a", ".\nRCPT TO:<x@y>", "."}),
                Arguments.of("CR.CR", new String[] {"a\r.\rb", "."}),
                Arguments.of("bare LF in a header", new String[] {"Subject: a\nBcc: x", "", "b", "."}),
                Arguments.of("bare CR at the end of a line", new String[] {"text\r", "."}),
                Arguments.of("dot line with trailing CR", new String[] {"a", ".\r", "."}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smuggling")
    void bareCrOrLfAnywhereIsRefusedAfterTheRealEnd(String name, String[] lines) {
        SmtpSession session = inData(10_000);
        DataEnd end = feed(session, lines);
        assertThat(end).isInstanceOf(DataEnd.Refused.class);
        assertThat(code(((DataEnd.Refused) end).reply())).isEqualTo("550 5.5.2");
        // The transaction is gone, the session goes on.
        assertThat(session.state()).isEqualTo(State.READY);
        assertThat(code(send(session, "DATA"))).isEqualTo("503 5.5.1");
    }

    @Test
    void overTheSizeLimitIsReadToTheEndThenRefused() {
        SmtpSession session = inData(20);
        DataEnd end = feed(session, "0123456789", "0123456789", "more", "more", ".");
        assertThat(code(((DataEnd.Refused) end).reply())).isEqualTo("552 5.3.4");
        assertThat(session.state()).isEqualTo(State.READY);
        assertThat(code(run(session, "MAIL FROM:<a@client.test>", "RCPT TO:<b@example.test>", "DATA")))
                .isEqualTo("354");
    }

    @Test
    void exactlyAtTheLimitIsAccepted() {
        // "0123456789\r\n" is 12 bytes and "012345\r\n" 8: 20 in all, CRLFs included.
        DataEnd end = feed(inData(20), "0123456789", "012345", ".");
        assertThat(end).isInstanceOf(DataEnd.Complete.class);
    }

    @Test
    void durableHandoffGives250WithQueueIdAndEndsTheTransaction() {
        SmtpSession session = inData(1000);
        feed(session, "x", ".");
        Reply reply = session.handedOff(QUEUE_ID);
        assertThat(reply.wire()).isEqualTo("250 2.0.0 Ok: queued as " + QUEUE_ID + "\r\n");
        assertThat(session.state()).isEqualTo(State.READY);
        assertThat(code(send(session, "RCPT TO:<bob@example.test>"))).isEqualTo("503 5.5.1");
    }

    @Test
    void failedHandoffGives451AndTheSessionContinues() {
        SmtpSession session = inData(1000);
        feed(session, "x", ".");
        Reply reply = session.handoffFailed();
        assertThat(reply.wire()).isEqualTo("451 4.3.0 Requested action aborted: queue unavailable, try again\r\n");
        assertThat(code(run(session, "MAIL FROM:<a@client.test>"))).isEqualTo("250 2.1.0");
    }

    @Test
    void receivedHeaderOmitsForWithSeveralRecipientsAndNamesEsmtpsUnderTls() {
        SessionSettings settings = new SessionSettings("mx.postmesh.test", 1000, 5, false, true,
                SessionFixture.ip("::1"));
        SmtpSession session = new SmtpSession(settings, (c, r) -> io.postmesh.ingress.policy.HookResult.OK,
                SessionFixture.CLOCK, () -> QUEUE_ID);
        run(session, "EHLO client.test", "MAIL FROM:<>", "RCPT TO:<a@x.test>", "RCPT TO:<b@x.test>", "DATA");
        AcceptedMessage m = ((DataEnd.Complete) feed(session, ".")).message();
        assertThat(new String(m.content(), StandardCharsets.UTF_8)).isEqualTo(
                "Received: from client.test ([IPv6:0:0:0:0:0:0:0:1])\r\n"
                + "\tby mx.postmesh.test (Postmesh) with ESMTPS id " + QUEUE_ID
                + "; Sun, 22 Nov 2026 10:15:30 +0000\r\n");
        assertThat(m.reversePath()).isEmpty();
        assertThat(m.tls()).isTrue();
    }

    @Test
    void tooManyRecipientsGets452AndKeepsTheOthers() {
        SmtpSession session = SessionFixture.session(1000, 2, false, "127.0.0.0/8", "");
        run(session, "EHLO c.test", "MAIL FROM:<a@c.test>", "RCPT TO:<1@x.test>", "RCPT TO:<2@x.test>");
        assertThat(code(send(session, "RCPT TO:<3@x.test>"))).isEqualTo("452 4.5.3");
        run(session, "DATA");
        AcceptedMessage m = ((DataEnd.Complete) feed(session, ".")).message();
        assertThat(m.recipients()).extracting(Recipient::address).containsExactly("1@x.test", "2@x.test");
    }

    @Test
    void relayDeniedFromUntrustedClientOnlyRejectsThatRecipient() {
        SmtpSession session = SessionFixture.session(1000, 5, false, "none", "example.test");
        run(session, "EHLO c.test", "MAIL FROM:<a@c.test>");
        assertThat(send(session, "RCPT TO:<x@elsewhere.test>").wire())
                .isEqualTo("554 5.7.1 Error: relay access denied\r\n");
        assertThat(session.state()).isEqualTo(State.MAIL);
        assertThat(code(send(session, "RCPT TO:<bob@EXAMPLE.test>"))).isEqualTo("250 2.1.5");
    }

    @Test
    void manyProtocolErrorsEndTheSession() {
        SmtpSession session = SessionFixture.session();
        for (int i = 1; i < SmtpSession.MAX_ERRORS; i++) {
            assertThat(code(send(session, "FROB"))).isEqualTo("500 5.5.1");
        }
        Reply last = send(session, "FROB");
        assertThat(code(last)).isEqualTo("421 4.7.0");
        assertThat(last.action()).isEqualTo(Reply.Action.CLOSE);
    }
}
