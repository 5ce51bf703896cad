package io.postmesh.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultLedgerTest {

    /**
     * Each row: what the generator was told about message "r-1" (accepted/refused/unknown/none), how often it
     * arrived, whether a permanent outcome was recorded, and the figures that must follow.
     */
    @ParameterizedTest(name = "{0}, arrived {1}x, permanent {2}")
    @CsvSource({
            // told,   arrivals, permanent, delivered, perm, dups, lost, unaccepted, unknownArrived, clean
            "accepted, 1, false, 1, 0, 0, 0, 0, 0, true",
            "accepted, 2, false, 1, 0, 1, 0, 0, 0, false",
            "accepted, 0, false, 0, 0, 0, 1, 0, 0, false",
            "accepted, 0, true,  0, 1, 0, 0, 0, 0, true",
            "accepted, 1, true,  1, 0, 0, 0, 0, 0, true",
            "refused,  0, false, 0, 0, 0, 0, 0, 0, true",
            "refused,  1, false, 0, 0, 0, 0, 1, 0, false",
            "unknown,  0, false, 0, 0, 0, 0, 0, 0, true",
            "unknown,  1, false, 0, 0, 0, 0, 0, 1, true",
            "unknown,  2, false, 0, 0, 1, 0, 0, 1, false",
            "none,     1, false, 0, 0, 0, 0, 1, 0, false",
    })
    void classifiesEachMessage(String told, int arrivals, boolean permanent, long delivered, long perm,
                               long dups, long lost, long unaccepted, long unknownArrived, boolean clean) {
        FaultLedger ledger = new FaultLedger();
        switch (told) {
            case "accepted" -> ledger.accepted("r-1");
            case "refused" -> ledger.refused("r-1", "451 4.3.0");
            case "unknown" -> ledger.unknown("r-1", "connection lost");
            default -> { }
        }
        for (int i = 0; i < arrivals; i++) {
            ledger.arrived("r-1", true, 1_000_000, 3_500_000 + i);
        }
        if (permanent) {
            ledger.permanentOutcome("r-1", "BOUNCED");
        }
        FaultVerdict v = ledger.verdict();
        assertThat(v.delivered()).as("delivered").isEqualTo(delivered);
        assertThat(v.permanent()).as("permanent").isEqualTo(perm);
        assertThat(v.duplicates()).as("duplicates").isEqualTo(dups);
        assertThat(v.lost()).as("lost").isEqualTo(lost);
        assertThat(v.unaccepted()).as("unaccepted").isEqualTo(unaccepted);
        assertThat(v.unknownArrived()).as("unknown arrived").isEqualTo(unknownArrived);
        assertThat(v.clean()).as("clean").isEqualTo(clean);
    }

    @ParameterizedTest
    @CsvSource({"true, 0", "false, 1"})
    void countsAlteredBodiesAndForeignMail(boolean intact, long corrupt) {
        FaultLedger ledger = new FaultLedger();
        ledger.accepted("r-1");
        ledger.arrived("r-1", intact, 1_000_000, 3_500_000);
        ledger.arrived(null, false, -1, 4_000_000);
        FaultVerdict v = ledger.verdict();
        assertThat(v.corrupt()).isEqualTo(corrupt);
        assertThat(v.foreign()).isEqualTo(1);
        assertThat(v.maxDelayMs()).isEqualTo(2500.0);
        assertThat(ledger.outstanding()).isZero();
    }

    @ParameterizedTest
    @CsvSource(value = {
            "<ab12-7@loadgen.bench.test>| ab12-7",
            "ab12-7@loadgen.bench.test|   ab12-7",
            "<x@elsewhere.test>|          ",
            "|                            ",
    }, delimiter = '|')
    void findsTheBenchIdInTheMessageIdOfAnEvent(String messageId, String id) {
        assertThat(EventWatcher.benchId(messageId)).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource({"kill-delivery, KILL_DELIVERY", "MX-421, MX_421", "dns-servfail, DNS_SERVFAIL", "none, NONE"})
    void parsesScenarioNames(String name, Fault fault) {
        assertThat(Fault.parse(name)).isEqualTo(fault);
    }

    @org.junit.jupiter.api.Test
    void rejectsAnUnknownScenarioNamingTheKnownOnes() {
        assertThatThrownBy(() -> Fault.parse("kill-everything")).hasMessageContaining("kill-queue");
    }

    @ParameterizedTest
    @CsvSource({"1, 50, 1.0", "10, 99, 10.0", "10, 50, 5.0", "4, 99, 4.0"})
    void percentileByNearestRank(int n, double p, double expectedMs) {
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = (i + 1) * 1000L;
        }
        assertThat(Drift.pct(sorted, p)).isEqualTo(expectedMs);
    }
}
