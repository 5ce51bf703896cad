package io.postmesh.delivery.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransactionOutcomesTest {
    private static final List<Recipient> TWO = List.of(Recipient.of("a@d.test"), Recipient.of("b@d.test"));

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("all accepted, end of data decides",
                        tx("250 ok", List.of("250 ok", "250 ok"), "354 go", "250 2.0.0 queued"),
                        List.of("SUCCESS 2.0.0 250 2.0.0 queued", "SUCCESS 2.0.0 250 2.0.0 queued")),
                Arguments.of("one rejected, the other delivered",
                        tx("250 ok", List.of("550 5.1.1 no such user", "250 ok"), "354 go", "250 2.0.0 queued"),
                        List.of("PERMANENT_FAILURE 5.1.1 550 5.1.1 no such user", "SUCCESS 2.0.0 250 2.0.0 queued")),
                Arguments.of("greylisted recipient",
                        tx("250 ok", List.of("451 4.7.1 try later", "250 ok"), "354 go", "250 queued"),
                        List.of("TEMPORARY_FAILURE 4.7.1 451 4.7.1 try later", "SUCCESS 2.0.0 250 queued")),
                Arguments.of("MAIL refused decides for all",
                        tx("553 5.7.1 sender refused", List.of(), null, null),
                        List.of("PERMANENT_FAILURE 5.7.1 553 5.7.1 sender refused",
                                "PERMANENT_FAILURE 5.7.1 553 5.7.1 sender refused")),
                Arguments.of("pipelined: MAIL refused, RCPTs got 503",
                        tx("452 4.3.1 full", List.of("503 bad sequence", "503 bad sequence"), "503 no", null),
                        List.of("TEMPORARY_FAILURE 4.3.1 452 4.3.1 full", "TEMPORARY_FAILURE 4.3.1 452 4.3.1 full")),
                Arguments.of("DATA refused decides for the accepted",
                        tx("250 ok", List.of("250 ok", "550 5.1.1 unknown"), "554 5.6.0 no", null),
                        List.of("PERMANENT_FAILURE 5.6.0 554 5.6.0 no", "PERMANENT_FAILURE 5.1.1 550 5.1.1 unknown")),
                Arguments.of("end of data deferred",
                        tx("250 ok", List.of("250 ok", "250 ok"), "354 go", "452 4.2.2 mailbox full"),
                        List.of("TEMPORARY_FAILURE 4.2.2 452 4.2.2 mailbox full",
                                "TEMPORARY_FAILURE 4.2.2 452 4.2.2 mailbox full")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, TransactionReplies replies, List<String> expected) {
        List<RecipientOutcome> outcomes = TransactionOutcomes.of(TWO, replies, "mx.d.test", Instant.EPOCH);
        assertThat(outcomes).extracting(RecipientOutcome::recipient).containsExactly("a@d.test", "b@d.test");
        assertThat(outcomes).allMatch(o -> "mx.d.test".equals(o.remoteMta()));
        assertThat(outcomes).extracting(o -> o.result() + " " + o.status() + " " + o.diagnostic())
                .containsExactlyElementsOf(expected);
    }

    private static TransactionReplies tx(String mail, List<String> rcpts, String data, String end) {
        return new TransactionReplies(reply(mail), rcpts.stream().map(TransactionOutcomesTest::reply).toList(),
                data == null ? null : reply(data), end == null ? null : reply(end));
    }

    private static ServerReply reply(String line) {
        return ServerReply.of(Arrays.asList(line));
    }
}
