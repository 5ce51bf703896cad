package io.postmesh.ingress.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.smtp.protocol.DrainPolicy.Step;
import io.postmesh.ingress.smtp.protocol.SmtpSession.State;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The drain decisions: which sessions end at once, which finish their message, which commands still get served. */
class DrainPolicyTest {

    @ParameterizedTest(name = "{0} at drain start: {1}")
    @CsvSource({
        // waiting for a command: nothing of a message received yet
        "START,        CLOSE_NOW",
        "READY,        CLOSE_NOW",
        "MAIL,         CLOSE_NOW",
        "RCPT,         CLOSE_NOW",
        "AUTH,         CLOSE_NOW",
        // a message part-received or being handed off: it finishes
        "DATA,         LET_FINISH",
        "CHUNK,        LET_FINISH",
        "BDAT,         LET_FINISH",
        "HANDOFF,      LET_FINISH",
        // a reply is owed to the client
        "AUTH_PENDING, LET_FINISH",
        "MAIL_PENDING, LET_FINISH",
        "TLS_PENDING,  LET_FINISH",
        "CLOSED,       LET_FINISH",
    })
    void stepAtDrainStart(State state, Step expected) {
        assertThat(DrainPolicy.atDrainStart(state)).isEqualTo(expected);
    }

    @Test
    void everyStateHasAStep() {
        for (State state : EnumSet.allOf(State.class)) {
            assertThat(DrainPolicy.atDrainStart(state)).as(state.name()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0} ''{1}'' while draining: refused={2}")
    @CsvSource({
        // after the message, the next command gets 421
        "READY, NOOP,                      true",
        "READY, MAIL FROM:<a@client.test>, true",
        "READY, EHLO client.test,          true",
        "READY, RSET,                      true",
        "START, EHLO client.test,          true",
        "RCPT,  DATA,                      true",
        "RCPT,  BDAT 10 LAST,              true",
        "MAIL,  RCPT TO:<b@example.test>,  true",
        "AUTH,  dXNlcg==,                  true",
        // the BDAT message under way may complete
        "BDAT,  BDAT 10,                   false",
        "BDAT,  bdat 10 last,              false",
        "BDAT,  RSET,                      true",
        "BDAT,  MAIL FROM:<a@client.test>, true",
        // QUIT ends the session with its own 221
        "READY, QUIT,                      false",
        "BDAT,  quit,                      false",
        // not a command at all
        "READY, '',                        true",
        "READY, QUITTING,                  true",
    })
    void commandsWhileDraining(State state, String line, boolean refused) {
        assertThat(DrainPolicy.refuses(state, line.getBytes(StandardCharsets.UTF_8))).isEqualTo(refused);
    }

    @Test
    void shuttingDownIs421WithEnhancedCode432AndCloses() {
        Reply reply = DrainPolicy.shuttingDown("mx.postmesh.test");
        assertThat(reply.wire())
                .isEqualTo("421 4.3.2 mx.postmesh.test Service shutting down, closing transmission channel\r\n");
        assertThat(reply.action()).isEqualTo(Reply.Action.CLOSE);
    }
}
