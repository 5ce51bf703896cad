package io.postmesh.ingress.smtp.protocol;

import static io.postmesh.ingress.smtp.protocol.SessionFixture.CLOCK;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.QUEUE_ID;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.code;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.ip;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.run;
import static io.postmesh.ingress.smtp.protocol.SessionFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postmesh.ingress.policy.RelayPolicy;
import io.postmesh.ingress.smtp.protocol.SmtpSession.State;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tenant message rate at MAIL FROM and the early talker, as a state machine: the verdicts come from the test. */
class SmtpSessionRateTest {

    /** A relay session whose tenants in {@code limited} have a rate; 127.0.0.1 is trusted. */
    static SmtpSession session(Set<String> limited) {
        SessionSettings settings = new SessionSettings("mx.postmesh.test", 1000, 5, false, false, ip("127.0.0.1"));
        RelayPolicy policy = RelayPolicy.fromConfig(List.of(), List.of("127.0.0.0/8"));
        return new SmtpSession(settings, policy, CLOCK, () -> QUEUE_ID, limited::contains);
    }

    @ParameterizedTest
    @CsvSource({
            // tenants with a rate, reply to MAIL, action, state after MAIL
            "'', 250 2.1.0, CONTINUE, MAIL",
            "acme, 250 2.1.0, CONTINUE, MAIL",
            "default, 250 2.1.0, CHECK_RATE, MAIL_PENDING",
    })
    void mailParksOnlyWhenTheTenantHasARate(String limited, String reply, Reply.Action action, State state) {
        SmtpSession s = session(limited.isEmpty() ? Set.of() : Set.of(limited));
        Reply r = run(s, "EHLO c.test", "MAIL FROM:<a@c.test>");
        assertThat(code(r)).isEqualTo(reply);
        assertThat(r.action()).isEqualTo(action);
        assertThat(s.state()).isEqualTo(state);
        assertThat(s.tenant()).isEqualTo("default");
    }

    @Test
    void withinTheRateTheTransactionGoesOn() {
        SmtpSession s = session(Set.of("default"));
        run(s, "EHLO c.test", "MAIL FROM:<a@c.test>");
        assertThat(s.rateChecked(true).toString()).isEqualTo("250 2.1.0 Ok");
        assertThat(s.state()).isEqualTo(State.MAIL);
        assertThat(code(send(s, "RCPT TO:<b@example.test>"))).isEqualTo("250 2.1.5");
    }

    @Test
    void overTheRateMailGets451AndNoTransactionStarts() {
        SmtpSession s = session(Set.of("default"));
        run(s, "EHLO c.test", "MAIL FROM:<a@c.test>");
        assertThat(s.rateChecked(false).wire()).isEqualTo("451 4.7.1 Error: rate limit exceeded, try again later\r\n");
        assertThat(s.state()).isEqualTo(State.READY);
        // Pipelined RCPT and DATA find no transaction (RFC 2920 §3.1: each command gets its own reply).
        assertThat(code(send(s, "RCPT TO:<b@example.test>"))).isEqualTo("503 5.5.1");
        assertThat(code(send(s, "DATA"))).isEqualTo("503 5.5.1");
        // The client may try again later in the same session.
        assertThat(send(s, "MAIL FROM:<a@c.test>").action()).isEqualTo(Reply.Action.CHECK_RATE);
    }

    @Test
    void noCommandWhileTheRateIsChecked() {
        SmtpSession s = session(Set.of("default"));
        run(s, "EHLO c.test", "MAIL FROM:<a@c.test>");
        assertThatThrownBy(() -> s.onCommand("RCPT TO:<b@example.test>".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session(Set.of()).rateChecked(true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAuthenticatedClientIsCountedAgainstItsTenant() {
        SmtpSession s = SessionFixture.authSession(true, true);
        run(s, "EHLO c.test", "AUTH PLAIN " + SmtpSessionAuthTest.PLAIN);
        s.authFinished(new AuthOutcome.Success("alice@example.test", "acme"));
        assertThat(s.tenant()).isEqualTo("acme");
    }

    @ParameterizedTest
    @CsvSource({"START", "READY"})
    void anEarlyTalkerGets554AndTheSessionEnds(State before) {
        SmtpSession s = session(Set.of());
        if (before == State.READY) {
            send(s, "EHLO c.test");
        }
        Reply r = s.earlyTalker();
        assertThat(r.wire()).isEqualTo("554 5.5.1 Error: talking before the greeting\r\n");
        assertThat(r.action()).isEqualTo(Reply.Action.CLOSE);
        assertThat(s.state()).isEqualTo(State.CLOSED);
    }
}
