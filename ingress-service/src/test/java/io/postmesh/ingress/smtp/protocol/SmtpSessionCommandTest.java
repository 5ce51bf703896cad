package io.postmesh.ingress.smtp.protocol;

import static io.postmesh.ingress.smtp.protocol.SessionFixture.code;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.run;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.smtp.protocol.SmtpSession.State;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command in every command state: the reply code with its enhanced code, and the state afterwards.
 * An error never moves the session (RFC 5321 §4.1.1).
 */
class SmtpSessionCommandTest {

    private static final String[] START = {};
    private static final String[] READY = {"EHLO client.test"};
    private static final String[] MAIL = {"EHLO client.test", "MAIL FROM:<alice@client.test>"};
    private static final String[] RCPT = {"EHLO client.test", "MAIL FROM:<alice@client.test>",
        "RCPT TO:<bob@example.test>"};

    static Stream<Arguments> table() {
        return Stream.of(
                // --- START: nothing said yet
                Arguments.of(START, "NOOP", "250 2.0.0", State.START),
                Arguments.of(START, "noop whatever", "250 2.0.0", State.START),
                Arguments.of(START, "MAIL FROM:<alice@client.test>", "503 5.5.1", State.START),
                Arguments.of(START, "RCPT TO:<bob@example.test>", "503 5.5.1", State.START),
                Arguments.of(START, "DATA", "503 5.5.1", State.START),
                Arguments.of(START, "RSET", "250 2.0.0", State.START),
                Arguments.of(START, "RSET now", "501 5.5.4", State.START),
                Arguments.of(START, "VRFY bob", "252 2.5.0", State.START),
                Arguments.of(START, "VRFY", "501 5.5.4", State.START),
                Arguments.of(START, "HELP", "214 2.0.0", State.START),
                Arguments.of(START, "EXPN staff", "502 5.5.1", State.START),
                Arguments.of(START, "AUTH PLAIN AGJvYgBzZWNyZXQ=", "502 5.5.1", State.START),
                Arguments.of(START, "FROB", "500 5.5.1", State.START),
                Arguments.of(START, "", "500 5.5.1", State.START),
                Arguments.of(START, "STARTTLS", "502 5.5.1", State.START),
                Arguments.of(START, "EHLO", "501 5.5.4", State.START),
                Arguments.of(START, "EHLO two words", "501 5.5.4", State.START),
                Arguments.of(START, "EHLO evil\u0000.test", "500 5.5.2", State.START),
                Arguments.of(START, "RSET\nMAIL FROM:<a@b.test>", "500 5.5.2", State.START),
                Arguments.of(START, "EHLO client.test", "250", State.READY),
                Arguments.of(START, "ehlo [192.0.2.1]", "250", State.READY),
                Arguments.of(START, "HELO client.test", "250", State.READY),
                Arguments.of(START, "QUIT", "221 2.0.0", State.CLOSED),
                // --- READY: greeted, no transaction
                Arguments.of(READY, "MAIL FROM:<>", "250 2.1.0", State.MAIL),
                Arguments.of(READY, "mail from:<alice@client.test>", "250 2.1.0", State.MAIL),
                Arguments.of(READY, "MAIL FROM: <alice@client.test>", "250 2.1.0", State.MAIL),
                Arguments.of(READY, "MAIL FROM:<alice@client.test> SIZE=1000 BODY=8BITMIME SMTPUTF8 RET=HDRS "
                        + "ENVID=QQ+2B1", "250 2.1.0", State.MAIL),
                Arguments.of(READY, "MAIL FROM:<alice@client.test> SIZE=1001", "552 5.3.4", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@client.test> SIZE=99999999999999999999", "552 5.3.4",
                        State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@client.test> SIZE=12x", "501 5.5.4", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@client.test> SIZE=1 SIZE=2", "501 5.5.4", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@client.test> BODY=BINARYMIME", "501 5.5.4", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@client.test> RET=ALL", "501 5.5.4", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@client.test> ENVID=a+zz", "501 5.5.4", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@client.test> XFOO=1", "555 5.5.4", State.READY),
                Arguments.of(READY, "MAIL FROM:alice@client.test", "501 5.5.4", State.READY),
                Arguments.of(READY, "MAIL TO:<alice@client.test>", "501 5.5.4", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@@client.test>", "501 5.1.7", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@client..test>", "501 5.1.7", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice>", "501 5.1.7", State.READY),
                Arguments.of(READY, "MAIL FROM:<alice@client.test", "501 5.1.7", State.READY),
                Arguments.of(READY, "MAIL FROM:<j\u00f6rg@client.test>", "553 5.6.7", State.READY),
                Arguments.of(READY, "MAIL FROM:<j\u00f6rg@client.test> SMTPUTF8", "250 2.1.0", State.MAIL),
                Arguments.of(READY, "RCPT TO:<bob@example.test>", "503 5.5.1", State.READY),
                Arguments.of(READY, "DATA", "503 5.5.1", State.READY),
                Arguments.of(READY, "DATA now", "501 5.5.4", State.READY),
                Arguments.of(READY, "RSET", "250 2.0.0", State.READY),
                Arguments.of(READY, "HELO other.test", "250", State.READY),
                Arguments.of(READY, "QUIT", "221 2.0.0", State.CLOSED),
                // --- MAIL: reverse path given
                Arguments.of(MAIL, "MAIL FROM:<carol@client.test>", "503 5.5.1", State.MAIL),
                Arguments.of(MAIL, "RCPT TO:<bob@example.test>", "250 2.1.5", State.RCPT),
                Arguments.of(MAIL, "RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE,DELAY "
                        + "ORCPT=rfc822;bob+40example.test", "250 2.1.5", State.RCPT),
                Arguments.of(MAIL, "RCPT TO:<bob@example.test> NOTIFY=NEVER", "250 2.1.5", State.RCPT),
                Arguments.of(MAIL, "RCPT TO:<bob@example.test> NOTIFY=NEVER,SUCCESS", "501 5.5.4", State.MAIL),
                Arguments.of(MAIL, "RCPT TO:<bob@example.test> NOTIFY=SOMETIMES", "501 5.5.4", State.MAIL),
                Arguments.of(MAIL, "RCPT TO:<bob@example.test> ORCPT=bob@example.test", "501 5.5.4", State.MAIL),
                Arguments.of(MAIL, "RCPT TO:<bob@example.test> SIZE=10", "555 5.5.4", State.MAIL),
                Arguments.of(MAIL, "RCPT TO:<>", "501 5.1.3", State.MAIL),
                Arguments.of(MAIL, "RCPT TO:<bob@-example.test>", "501 5.1.3", State.MAIL),
                Arguments.of(MAIL, "RCPT TO:<b\u00f6b@example.test>", "553 5.6.7", State.MAIL),
                Arguments.of(MAIL, "RCPT TO:<Postmaster>", "250 2.1.5", State.RCPT),
                Arguments.of(MAIL, "RCPT FROM:<bob@example.test>", "501 5.5.4", State.MAIL),
                Arguments.of(MAIL, "DATA", "503 5.5.1", State.MAIL),
                Arguments.of(MAIL, "RSET", "250 2.0.0", State.READY),
                Arguments.of(MAIL, "EHLO again.test", "250", State.READY),
                Arguments.of(MAIL, "NOOP", "250 2.0.0", State.MAIL),
                Arguments.of(MAIL, "VRFY bob", "252 2.5.0", State.MAIL),
                // --- RCPT: at least one recipient
                Arguments.of(RCPT, "RCPT TO:<carol@example.test>", "250 2.1.5", State.RCPT),
                Arguments.of(RCPT, "MAIL FROM:<carol@client.test>", "503 5.5.1", State.RCPT),
                Arguments.of(RCPT, "DATA extra", "501 5.5.4", State.RCPT),
                Arguments.of(RCPT, "DATA", "354", State.DATA),
                Arguments.of(RCPT, "RSET", "250 2.0.0", State.READY),
                Arguments.of(RCPT, "QUIT", "221 2.0.0", State.CLOSED));
    }

    @ParameterizedTest(name = "{index}: after {0} \"{1}\" -> {2}")
    @MethodSource("table")
    void replyAndNextState(String[] before, String command, String expected, State after) {
        SmtpSession session = SessionFixture.session();
        run(session, before);
        Reply reply = send(session, command);
        assertThat(code(reply)).isEqualTo(expected);
        assertThat(session.state()).isEqualTo(after);
    }
}
