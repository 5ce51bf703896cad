package io.postmesh.ingress.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.processing.HopCount;
import io.postmesh.ingress.scan.ScanPolicy;
import io.postmesh.ingress.smtp.protocol.Replies;
import io.postmesh.ingress.smtp.protocol.Reply;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RefusalReasonTest {

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of(Replies.RELAY_DENIED, "relay"),
                Arguments.of(Replies.TOO_BIG, "size"),
                Arguments.of(Replies.RATE_LIMITED, "rate"),
                Arguments.of(Replies.AUTH_REQUIRED, "auth"),
                Arguments.of(Replies.STARTTLS_FIRST, "auth"),
                Arguments.of(Replies.TOO_MANY_RECIPIENTS, "recipients"),
                Arguments.of(Replies.BARE_LINE_ENDING, "smuggling"),
                Arguments.of(Replies.QUEUE_UNAVAILABLE, "kafka"),
                Arguments.of(reply(HopCount.TOO_MANY_HOPS), "loop"),
                Arguments.of(reply(ScanPolicy.SPAM), "spam"),
                Arguments.of(reply(ScanPolicy.virus("Eicar-Signature")), "virus"),
                Arguments.of(reply(ScanPolicy.UNAVAILABLE), "scanner"),
                // Replies that refuse no mail are not counted.
                Arguments.of(Replies.SENDER_OK, null),
                Arguments.of(Replies.queued("0123456789ABCDEFGHJK"), null),
                Arguments.of(Replies.UNKNOWN_COMMAND, null),
                Arguments.of(Replies.MAIL_SYNTAX, null),
                Arguments.of(Replies.AUTH_FAILED, null),
                Arguments.of(Replies.TIMEOUT, null),
                Arguments.of(Replies.EARLY_TALKER, null),
                Arguments.of(Replies.START_DATA, null));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void reasonOfEachReply(Reply reply, String reason) {
        assertThat(RefusalReason.of(reply.code(), reply.enhanced())).as(reply.toString()).isEqualTo(reason);
    }

    private static Reply reply(io.postmesh.model.SmtpReply r) {
        return Reply.of(r.code(), r.enhanced(), r.text());
    }
}
