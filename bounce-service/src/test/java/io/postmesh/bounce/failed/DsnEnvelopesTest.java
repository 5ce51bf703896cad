package io.postmesh.bounce.failed;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.bounce.dsn.Dsn;
import io.postmesh.model.Envelope;
import io.postmesh.model.Json;
import io.postmesh.model.Recipient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DsnEnvelopesTest {

    @ParameterizedTest(name = "sender {0}, 8bit {1}")
    @CsvSource({
        "alice@sender.test, false, false",
        "alice@sender.test, true, false",
        "zoë@sender.test, false, true",
    })
    void dsnEnvelopeGoesFromNullSenderToTheOriginalSender(String sender, boolean eightBit, boolean smtpUtf8) {
        Envelope failed = Envelope.builder().queueId("ORIG").reversePath(sender).tenant("acme")
                .recipients(List.of(Recipient.of("bob@example.test"))).destination("example.test").attempt(3)
                .ret(Envelope.Ret.FULL).envId("E1").build();
        Dsn dsn = new Dsn(new byte[1234], "<DSNQ@mta>", List.of(), eightBit);
        Instant now = Instant.parse("2026-11-20T09:00:00Z");

        // Round-trip through the wire form, as the queue service will read it.
        Envelope e = Json.envelope(Json.write(DsnEnvelopes.of(failed, dsn, "DSNQ", now)));

        assertThat(e.queueId()).isEqualTo("DSNQ");
        assertThat(e.messageId()).isEqualTo("<DSNQ@mta>");
        assertThat(e.nullReversePath()).isTrue();
        assertThat(e.recipients()).extracting(Recipient::address).containsExactly(sender);
        assertThat(e.dsn()).isTrue();
        assertThat(e.tenant()).isEqualTo("acme");
        assertThat(e.firstSeen()).isEqualTo(now);
        assertThat(e.size()).isEqualTo(1234);
        assertThat(e.eightBitMime()).isEqualTo(eightBit);
        assertThat(e.smtpUtf8()).isEqualTo(smtpUtf8);
        assertThat(e.destination()).isNull();
        assertThat(e.attempt()).isZero();
        assertThat(e.ret()).isNull();
        assertThat(e.envId()).isNull();
    }
}
