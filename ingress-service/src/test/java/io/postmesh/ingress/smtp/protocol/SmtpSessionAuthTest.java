package io.postmesh.ingress.smtp.protocol;

import static io.postmesh.ingress.smtp.protocol.SessionFixture.code;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.run;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.smtp.protocol.SmtpSession.State;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** AUTH (RFC 4954) as a state machine: every reply, with the transport's verdict supplied by the test. */
class SmtpSessionAuthTest {
    // "\0alice@example.test\0secret"
    static final String PLAIN = b64("\u0000alice@example.test\u0000secret");

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> beforeVerdict() {
        return Stream.of(
                // tls, setup, command, reply code, state after
                Arguments.of(false, new String[] {"EHLO c.test"}, "AUTH PLAIN " + PLAIN, "538 5.7.11", State.READY),
                Arguments.of(false, new String[] {"EHLO c.test"}, "MAIL FROM:<a@c.test>", "530 5.7.0", State.READY),
                Arguments.of(true, new String[] {}, "AUTH PLAIN " + PLAIN, "503 5.5.1", State.START),
                Arguments.of(true, new String[] {"HELO c.test"}, "AUTH PLAIN " + PLAIN, "503 5.5.1", State.READY),
                Arguments.of(true, new String[] {"EHLO c.test"}, "MAIL FROM:<a@c.test>", "530 5.7.0", State.READY),
                Arguments.of(true, new String[] {"EHLO c.test"}, "AUTH", "501 5.5.4", State.READY),
                Arguments.of(true, new String[] {"EHLO c.test"}, "AUTH CRAM-MD5", "504 5.5.4", State.READY),
                Arguments.of(true, new String[] {"EHLO c.test"}, "AUTH PLAIN a b", "501 5.5.4", State.READY),
                Arguments.of(true, new String[] {"EHLO c.test"}, "AUTH PLAIN !!notbase64", "501 5.5.2", State.READY),
                Arguments.of(true, new String[] {"EHLO c.test"}, "AUTH PLAIN " + b64("no-nuls"), "501 5.5.2",
                        State.READY),
                Arguments.of(true, new String[] {"EHLO c.test"}, "AUTH PLAIN", "334", State.AUTH),
                Arguments.of(true, new String[] {"EHLO c.test", "AUTH PLAIN"}, "*", "501 5.0.0", State.READY),
                Arguments.of(true, new String[] {"EHLO c.test", "AUTH PLAIN"}, "%%%", "501 5.5.2", State.READY),
                Arguments.of(true, new String[] {"EHLO c.test"}, "AUTH LOGIN", "334", State.AUTH),
                Arguments.of(true, new String[] {"EHLO c.test", "AUTH LOGIN"}, b64("alice"), "334", State.AUTH),
                Arguments.of(true, new String[] {"EHLO c.test", "AUTH LOGIN", b64("alice")}, "*", "501 5.0.0",
                        State.READY),
                Arguments.of(true, new String[] {"EHLO c.test"}, "auth plain " + PLAIN, "235 2.7.0",
                        State.AUTH_PENDING),
                Arguments.of(true, new String[] {"EHLO c.test", "AUTH PLAIN"}, PLAIN, "235 2.7.0",
                        State.AUTH_PENDING),
                Arguments.of(true, new String[] {"EHLO c.test", "AUTH LOGIN", b64("alice")}, b64("secret"),
                        "235 2.7.0", State.AUTH_PENDING));
    }

    @ParameterizedTest
    @MethodSource("beforeVerdict")
    void repliesBeforeTheCredentialsAreChecked(boolean tls, String[] setup, String command, String expected,
                                               State after) {
        SmtpSession session = SessionFixture.authSession(tls, true);
        run(session, setup);
        Reply reply = send(session, command);
        assertThat(code(reply)).isEqualTo(expected);
        assertThat(session.state()).isEqualTo(after);
        if (after == State.AUTH_PENDING) {
            assertThat(reply.action()).isEqualTo(Reply.Action.AUTHENTICATE);
        }
    }

    @Test
    void loginPromptsAreBase64UsernameAndPassword() {
        SmtpSession session = SessionFixture.authSession(true, true);
        run(session, "EHLO c.test");
        assertThat(send(session, "AUTH LOGIN").wire()).isEqualTo("334 VXNlcm5hbWU6\r\n");
        assertThat(send(session, b64("alice")).wire()).isEqualTo("334 UGFzc3dvcmQ6\r\n");
        send(session, b64("pässword"));
        assertThat(session.pendingCredentials()).isEqualTo(new SaslCredentials("", "alice", "pässword"));
    }

    @Test
    void plainCarriesAuthzidUsernameAndPassword() {
        SmtpSession session = SessionFixture.authSession(true, true);
        run(session, "EHLO c.test", "AUTH PLAIN " + b64("boss\u0000alice\u0000pw"));
        assertThat(session.pendingCredentials()).isEqualTo(new SaslCredentials("boss", "alice", "pw"));
    }

    @ParameterizedTest
    @CsvSource({
        "SUCCESS, 235 2.7.0, READY",
        "FAILED, 535 5.7.8, READY",
        "THROTTLED, 454 4.7.0, READY",
        "UNAVAILABLE, 454 4.7.0, READY",
        "LOCKED, 421 4.7.0, CLOSED"})
    void verdictGivesTheReply(String verdict, String expected, State after) {
        SmtpSession session = SessionFixture.authSession(true, true);
        run(session, "EHLO c.test", "AUTH PLAIN " + PLAIN);
        Reply reply = session.authFinished(switch (verdict) {
            case "SUCCESS" -> new AuthOutcome.Success("alice@example.test", "acme");
            case "FAILED" -> new AuthOutcome.Failed();
            case "THROTTLED" -> new AuthOutcome.Throttled();
            case "UNAVAILABLE" -> new AuthOutcome.Unavailable();
            default -> new AuthOutcome.Locked();
        });
        assertThat(code(reply)).isEqualTo(expected);
        assertThat(session.state()).isEqualTo(after);
        assertThat(reply.action()).isEqualTo(after == State.CLOSED ? Reply.Action.CLOSE : Reply.Action.CONTINUE);
        assertThat(session.authUser()).isEqualTo(verdict.equals("SUCCESS") ? "alice@example.test" : null);
    }

    @Test
    void authenticatedClientMayRelayAndTheMessageCarriesUserTenantAndEsmtpsa() {
        SmtpSession session = SessionFixture.authSession(true, true);
        session.tlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256");
        run(session, "EHLO c.test", "AUTH PLAIN " + PLAIN);
        session.authFinished(new AuthOutcome.Success("alice@example.test", "acme"));
        assertThat(code(send(session, "AUTH PLAIN " + PLAIN))).isEqualTo("503 5.5.1");  // only once
        assertThat(code(send(session, "MAIL FROM:<alice@example.test> AUTH=<> REQUIRETLS"))).isEqualTo("250 2.1.0");
        // Not a relay domain and the policy trusts nobody: allowed because authenticated.
        assertThat(code(send(session, "RCPT TO:<bob@elsewhere.test>"))).isEqualTo("250 2.1.5");
        assertThat(code(send(session, "AUTH PLAIN " + PLAIN))).isEqualTo("503 5.5.1");
        run(session, "DATA");
        AcceptedMessage m = ((DataEnd.Complete) SessionFixture.dataLine(session, ".".getBytes()).orElseThrow()).message();
        assertThat(m.authUser()).isEqualTo("alice@example.test");
        assertThat(m.tenant()).isEqualTo("acme");
        assertThat(m.requireTls()).isTrue();
        assertThat(new String(m.content(), StandardCharsets.UTF_8)).isEqualTo(
                "Received: from c.test ([192.0.2.7])\r\n"
                + "\t(using TLSv1.3 with cipher TLS_AES_128_GCM_SHA256)\r\n"
                + "\tby mx.postmesh.test (Postmesh) with ESMTPSA id " + SessionFixture.QUEUE_ID
                + "\r\n\tfor <bob@elsewhere.test>; Sun, 22 Nov 2026 10:15:30 +0000\r\n");
    }

    @Test
    void unauthenticatedClientOnAnOptionalAuthListenerIsJudgedByThePolicy() {
        SmtpSession session = SessionFixture.authSession(true, false);
        run(session, "EHLO c.test", "MAIL FROM:<a@c.test>");
        assertThat(code(send(session, "RCPT TO:<bob@elsewhere.test>"))).isEqualTo("554 5.7.1");
        assertThat(code(send(session, "RCPT TO:<bob@example.test>"))).isEqualTo("250 2.1.5");
        assertThat(code(send(session, "AUTH PLAIN " + PLAIN))).isEqualTo("503 5.5.1");  // not in a transaction
    }

    @Test
    void ehloOffersAuthAndRequireTlsOnlyUnderTls() {
        assertThat(send(SessionFixture.authSession(false, true), "EHLO c.test").lines())
                .doesNotContain("AUTH PLAIN LOGIN", "REQUIRETLS").contains("STARTTLS", "CHUNKING");
        assertThat(send(SessionFixture.authSession(true, true), "EHLO c.test").lines())
                .contains("AUTH PLAIN LOGIN", "REQUIRETLS", "CHUNKING").doesNotContain("STARTTLS");
    }

    @Test
    void requireTlsWithoutTlsIsAnUnknownParameter() {
        SmtpSession session = SessionFixture.session();
        run(session, "EHLO c.test");
        assertThat(code(send(session, "MAIL FROM:<a@c.test> REQUIRETLS"))).isEqualTo("555 5.5.4");
        assertThat(session.state()).isEqualTo(State.READY);
    }

    @Test
    void startTlsForgetsTheIdentity() {
        SmtpSession session = SessionFixture.authSession(false, false);
        run(session, "EHLO c.test", "STARTTLS");
        session.tlsStarted();
        run(session, "EHLO c.test", "AUTH PLAIN " + PLAIN);
        session.authFinished(new AuthOutcome.Success("alice", "default"));
        assertThat(session.authUser()).isEqualTo("alice");
    }
}
