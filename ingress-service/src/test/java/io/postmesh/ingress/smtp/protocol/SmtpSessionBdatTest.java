package io.postmesh.ingress.smtp.protocol;

import static io.postmesh.ingress.smtp.protocol.SessionFixture.code;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.run;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.smtp.protocol.SmtpSession.State;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BDAT (RFC 3030) as a state machine: chunks are read even when refused, so client and server stay in step. */
class SmtpSessionBdatTest {
    private static final String[] RCPT = {"EHLO c.test", "MAIL FROM:<a@c.test>", "RCPT TO:<b@x.test>"};

    /** Sends a BDAT command and its chunk; returns how the chunk ended. */
    static DataEnd bdat(SmtpSession session, String command, String chunk) {
        Reply reply = send(session, command);
        assertThat(reply.action()).as("%s -> %s", command, reply).isEqualTo(Reply.Action.READ_CHUNK);
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        assertThat(session.chunkRemaining()).isEqualTo(bytes.length);
        if (bytes.length > 0) {
            session.onChunkData(bytes);
        }
        return session.chunkFinished();
    }

    static String reply(DataEnd end) {
        return end instanceof DataEnd.Chunk c ? code(c.reply())
                : end instanceof DataEnd.Refused r ? code(r.reply()) : "complete";
    }

    @ParameterizedTest
    @CsvSource({
        "'',                                         BDAT 5,      503 5.5.1, START",
        "EHLO c.test,                                BDAT 5,      503 5.5.1, READY",
        "EHLO c.test|MAIL FROM:<a@c.test>,           BDAT 5,      503 5.5.1, MAIL",
        "EHLO c.test|MAIL FROM:<a@c.test>|RCPT TO:<b@x.test>, BDAT 5, 250 2.0.0, BDAT",
        "EHLO c.test|MAIL FROM:<a@c.test>|RCPT TO:<b@x.test>, bdat 5 last, complete, HANDOFF",
        "EHLO c.test|MAIL FROM:<a@c.test>|RCPT TO:<b@x.test>, BDAT 00005 LAST, complete, HANDOFF"})
    void bdatInEveryState(String setup, String command, String expected, State after) {
        SmtpSession session = SessionFixture.session();
        if (!setup.isEmpty()) {
            run(session, setup.split("\\|"));
        }
        assertThat(reply(bdat(session, command, "hello"))).isEqualTo(expected);
        assertThat(session.state()).isEqualTo(after);
    }

    @ParameterizedTest
    @CsvSource({"BDAT", "BDAT x", "BDAT -1", "BDAT 5 FIRST", "BDAT 5 LAST now", "BDAT 1234567890123456789"})
    void malformedBdatIs501AndNothingIsRead(String command) {
        SmtpSession session = SessionFixture.session();
        run(session, RCPT);
        Reply reply = send(session, command);
        assertThat(code(reply)).isEqualTo("501 5.5.4");
        assertThat(session.state()).isEqualTo(State.RCPT);
    }

    @ParameterizedTest
    @CsvSource({"DATA, 503 5.5.1", "RCPT TO:<c@x.test>, 503 5.5.1", "MAIL FROM:<a@c.test>, 503 5.5.1",
        "STARTTLS, 502 5.5.1", "NOOP, 250 2.0.0"})
    void betweenChunksOnlyBdatGoesOn(String command, String expected) {
        SmtpSession session = SessionFixture.session();
        run(session, RCPT);
        bdat(session, "BDAT 3", "abc");
        assertThat(code(send(session, command))).isEqualTo(expected);
        assertThat(session.state()).isEqualTo(State.BDAT);
    }

    @Test
    void chunksMakeOneMessageWithoutDotUnstuffingAndCrlfAcrossChunks() {
        SmtpSession session = SessionFixture.session();
        run(session, RCPT);
        assertThat(bdat(session, "BDAT 17", "Subject: x\r\n\r\n.a\r")).isEqualTo(
                new DataEnd.Chunk(Replies.chunkReceived(17)));
        DataEnd end = bdat(session, "BDAT 6 LAST", "\n.\r\nz!");
        AcceptedMessage m = ((DataEnd.Complete) end).message();
        String content = new String(m.content(), StandardCharsets.UTF_8);
        // The stored form ends with CRLF even though the client's last chunk did not.
        assertThat(content.substring(content.indexOf("Subject"))).isEqualTo("Subject: x\r\n\r\n.a\r\n.\r\nz!\r\n");
        assertThat(content).startsWith("Received: from c.test ([127.0.0.1])");
        assertThat(session.handedOff("Q").code()).isEqualTo(250);
        assertThat(session.state()).isEqualTo(State.READY);
    }

    @Test
    void emptyLastChunkEndsTheMessage() {
        SmtpSession session = SessionFixture.session();
        run(session, RCPT);
        bdat(session, "BDAT 4", "hi\r\n");
        AcceptedMessage m = ((DataEnd.Complete) bdat(session, "BDAT 0 LAST", "")).message();
        assertThat(new String(m.content(), StandardCharsets.UTF_8)).endsWith("\r\nhi\r\n");
    }

    @ParameterizedTest
    @CsvSource({"'a\nb'", "'a\rb'", "'ab\r'", "'\n'"})
    void bareLineEndingsAreRefusedAtTheEnd(String chunk) {
        SmtpSession session = SessionFixture.session();
        run(session, RCPT);
        assertThat(reply(bdat(session, "BDAT " + chunk.length() + " LAST", chunk))).isEqualTo("550 5.5.2");
        assertThat(session.state()).isEqualTo(State.READY);
    }

    @Test
    void aChunkOverTheSizeLimitIsReadAndRefusedAndEndsTheTransaction() {
        SmtpSession session = SessionFixture.session();  // SIZE 1000
        run(session, RCPT);
        bdat(session, "BDAT 600", "x".repeat(600));
        assertThat(reply(bdat(session, "BDAT 401", "y".repeat(401)))).isEqualTo("552 5.3.4");
        assertThat(session.state()).isEqualTo(State.READY);
        // The client's pipelined rest of the message: read, and refused for want of a transaction.
        assertThat(reply(bdat(session, "BDAT 2 LAST", "zz"))).isEqualTo("503 5.5.1");
        assertThat(code(send(session, "MAIL FROM:<a@c.test>"))).isEqualTo("250 2.1.0");
    }

    @Test
    void rsetAbandonsTheChunks() {
        SmtpSession session = SessionFixture.session();
        run(session, RCPT);
        bdat(session, "BDAT 3", "abc");
        assertThat(code(send(session, "RSET"))).isEqualTo("250 2.0.0");
        assertThat(session.state()).isEqualTo(State.READY);
        assertThat(reply(bdat(session, "BDAT 1 LAST", "x"))).isEqualTo("503 5.5.1");
    }
}
