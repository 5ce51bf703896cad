package io.postmesh.ingress.smtp.protocol;

import io.postmesh.ingress.policy.RelayPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Builds sessions for socket-free tests: loopback client, fixed clock, fixed queue id. */
final class SessionFixture {
    static final String QUEUE_ID = "0123456789ABCDEFGHJK";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);

    private SessionFixture() {}

    /** Sends one line of message data with its CRLF; how the data ended once the line was the lone dot. */
    static Optional<DataEnd> dataLine(SmtpSession session, byte[] line) {
        byte[] wire = Arrays.copyOf(line, line.length + 2);
        wire[line.length] = '\r';
        wire[line.length + 1] = '\n';
        return session.onData(wire, 0, wire.length) < 0 ? Optional.empty() : Optional.of(session.endOfData());
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static SmtpSession session(long maxSize, int maxRecipients, boolean tls, String trusted, String relayDomains) {
        SessionSettings settings = new SessionSettings("mx.postmesh.test", maxSize, maxRecipients, tls, false,
                ip("127.0.0.1"));
        RelayPolicy policy = RelayPolicy.fromConfig(
                relayDomains.isEmpty() ? List.of() : List.of(relayDomains.split(",")), List.of(trusted.split(",")));
        return new SmtpSession(settings, policy, CLOCK, () -> QUEUE_ID);
    }

    /** A submission-like session: AUTH offered, {@code required} or not, already under TLS or not. */
    static SmtpSession authSession(boolean tlsActive, boolean required) {
        SessionSettings settings = new SessionSettings("mx.postmesh.test", 1000, 5, true, tlsActive,
                ip("192.0.2.7"), true, required, SessionSettings.DEFAULT_MAX_ERRORS);
        RelayPolicy policy = RelayPolicy.fromConfig(List.of("example.test"), List.of("none"));
        return new SmtpSession(settings, policy, CLOCK, () -> QUEUE_ID);
    }

    static SmtpSession session() {
        return session(1000, 5, false, "127.0.0.0/8", "");
    }

    static Reply send(SmtpSession session, String line) {
        return session.onCommand(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends each line and returns the last reply. */
    static Reply run(SmtpSession session, String... lines) {
        Reply last = null;
        for (String line : lines) {
            last = send(session, line);
        }
        return last;
    }

    static String code(Reply reply) {
        return reply.code() + (reply.enhanced() == null ? "" : " " + reply.enhanced());
    }
}
