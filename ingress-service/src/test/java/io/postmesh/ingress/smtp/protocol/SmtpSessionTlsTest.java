package io.postmesh.ingress.smtp.protocol;

import static io.postmesh.ingress.smtp.protocol.SessionFixture.code;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.run;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.smtp.protocol.SmtpSession.State;
import org.junit.jupiter.api.Test;

/** EHLO keywords and the STARTTLS state changes of RFC 3207. */
class SmtpSessionTlsTest {

    @Test
    void ehloAdvertisesExtensionsAndStartTlsWhenAvailable() {
        SmtpSession session = SessionFixture.session(26214400, 5, true, "127.0.0.0/8", "");
        assertThat(send(session, "EHLO client.test").wire()).isEqualTo("250-mx.postmesh.test\r\n"
                + "250-PIPELINING\r\n250-SIZE 26214400\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
                + "250-ENHANCEDSTATUSCODES\r\n250-STARTTLS\r\n250-DSN\r\n250 CHUNKING\r\n");
    }

    @Test
    void noStartTlsWithoutCertificate() {
        SmtpSession session = SessionFixture.session();
        assertThat(send(session, "EHLO client.test").lines()).doesNotContain("STARTTLS");
        assertThat(code(send(session, "STARTTLS"))).isEqualTo("502 5.5.1");
    }

    @Test
    void startTlsResetsTheSessionAndNeedsAFreshEhlo() {
        SmtpSession session = SessionFixture.session(1000, 5, true, "127.0.0.0/8", "");
        assertThat(code(send(session, "STARTTLS"))).isEqualTo("503 5.5.1");  // EHLO first
        run(session, "EHLO client.test");
        assertThat(code(send(session, "STARTTLS extra"))).isEqualTo("501 5.5.4");
        Reply ready = send(session, "STARTTLS");
        assertThat(ready.wire()).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
        assertThat(ready.action()).isEqualTo(Reply.Action.START_TLS);
        assertThat(session.state()).isEqualTo(State.TLS_PENDING);

        session.tlsStarted();
        assertThat(session.tlsActive()).isTrue();
        assertThat(code(send(session, "MAIL FROM:<a@client.test>"))).isEqualTo("503 5.5.1");
        assertThat(send(session, "EHLO client.test").lines()).doesNotContain("STARTTLS").contains("DSN");
        assertThat(code(send(session, "STARTTLS"))).isEqualTo("503 5.5.1");
    }

    @Test
    void anyCommandBeforeTheHandshakeEndsTheSession() {
        SmtpSession session = SessionFixture.session(1000, 5, true, "127.0.0.0/8", "");
        run(session, "EHLO client.test", "STARTTLS");
        Reply reply = send(session, "MAIL FROM:<a@client.test>");
        assertThat(code(reply)).isEqualTo("554 5.5.1");
        assertThat(reply.action()).isEqualTo(Reply.Action.CLOSE);
    }

    @Test
    void noStartTlsInsideATransaction() {
        SmtpSession session = SessionFixture.session(1000, 5, true, "127.0.0.0/8", "");
        run(session, "EHLO client.test", "MAIL FROM:<a@client.test>");
        assertThat(code(send(session, "STARTTLS"))).isEqualTo("503 5.5.1");
        assertThat(session.state()).isEqualTo(State.MAIL);
    }
}
