package io.postmesh.loadgen.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.postmesh.loadgen.message.BenchMessageFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SinkLedgerTest {
    private static final long T0 = 1_732_300_000_000_000L;
    private final BenchMessageFactory factory = new BenchMessageFactory("s@bench.test", "r@bench.test");
    private final SinkLedger ledger = new SinkLedger();

    private byte[] message(String id, long sentMicros) {
        return factory.create(id, 2048, sentMicros).toBytes();
    }

    /** A sequence of arrivals, written {@code id@sent+arrival ms}; {@code !} marks a corrupted body. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # arrivals                          | messages | unique | duplicates | corrupt | notBench
            a@0+5                               | 1        | 1      | 0          | 0       | 0
            a@0+5,b@1+6,c@2+7                   | 3        | 3      | 0          | 0       | 0
            a@0+5,a@0+9,b@1+6                   | 3        | 2      | 1          | 0       | 0
            a@0+5,!b@1+6                        | 2        | 2      | 0          | 1       | 0
            a@0+5,plain,plain                   | 3        | 1      | 0          | 0       | 2
            """)
    void countsDuplicatesCorruptionAndForeignMail(String arrivals, long messages, long unique, long duplicates,
                                                  long corrupt, long notBench) {
        for (String a : arrivals.split(",")) {
            if (a.equals("plain")) {
                ledger.record("Subject: hi\r\n\r\nbody\r\n".getBytes(), 1, T0);
                continue;
            }
            boolean broken = a.startsWith("!");
            String[] p = a.replace("!", "").split("[@+]");
            byte[] bytes = message(p[0], T0 + Long.parseLong(p[1]) * 1000);
            if (broken) {
                bytes[bytes.length - 5] ^= 1;
            }
            ledger.record(bytes, 1, T0 + Long.parseLong(p[2]) * 1000);
        }
        SinkReport r = ledger.report();
        assertThat(r.messages()).isEqualTo(messages);
        assertThat(r.unique()).isEqualTo(unique);
        assertThat(r.duplicates()).isEqualTo(duplicates);
        assertThat(r.corrupt()).isEqualTo(corrupt);
        assertThat(r.notBench()).isEqualTo(notBench);
    }

    @Test
    void latencyIsFirstArrivalMinusSendTimeAndRateSpansFirstSendToLastArrival() {
        for (int i = 0; i < 100; i++) {
            // sent every 10 ms, each arrives 5 ms (i < 99) or 500 ms (the last) later
            long sent = T0 + i * 10_000L;
            ledger.record(message("m-" + i, sent), 1, sent + (i == 99 ? 500_000 : 5_000));
        }
        ledger.record(message("m-0", T0), 1, T0 + 9_000_000); // a duplicate, much later: not in the latency
        SinkReport r = ledger.report();
        assertThat(r.latency().count()).isEqualTo(100);
        assertThat(r.latency().p50()).isCloseTo(5.0, within(0.01));
        assertThat(r.latency().max()).isCloseTo(500.0, within(0.5));
        assertThat(r.duplicateSamples()).containsExactly("m-0");
        assertThat(r.uniqueOfRun("m")).isEqualTo(100);
        assertThat(r.uniqueOfRun("other")).isZero();
        // 100 unique from T0 to the duplicate's arrival at T0 + 9 s
        assertThat(r.endToEndPerSecond()).isCloseTo(100 / 9.0, within(0.01));
        assertThat(SinkReport.fromJson(r.toJson())).isEqualTo(r);
    }

    @Test
    void resetForgetsEverything() {
        ledger.record(message("x-1", T0), 1, T0 + 1000);
        ledger.reset();
        ledger.record(message("x-1", T0), 1, T0 + 1000);
        assertThat(ledger.report().duplicates()).isZero();
        assertThat(ledger.report().unique()).isEqualTo(1);
        assertThat(ledger.report().table()).contains("unique bench ids").doesNotContain("duplicate  ");
        assertThat(new String(message("x-2", T0), StandardCharsets.US_ASCII)).contains("x-2");
    }
}
