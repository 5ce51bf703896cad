package io.postmesh.delivery.mx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MxAnswerTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // name, rcode, records, expected kind, permanent, status
                Arguments.of("MX records", 0, List.of(new MxRecord("mx.d.test", 10)), "exchangers", null, null),
                Arguments.of("NODATA: implicit MX", 0, List.of(), "implicit", null, null),
                Arguments.of("null MX (RFC 7505)", 0, List.of(new MxRecord(".", 0)), "failed", true, "5.1.10"),
                Arguments.of("null MX with non-zero preference", 0, List.of(new MxRecord("", 10)), "failed", true,
                        "5.1.10"),
                Arguments.of("null MX among real ones", 0,
                        List.of(new MxRecord(".", 0), new MxRecord("mx.d.test", 10)), "exchangers", null, null),
                Arguments.of("NXDOMAIN", 3, List.of(), "failed", true, "5.1.2"),
                Arguments.of("SERVFAIL", 2, List.of(), "failed", false, "4.4.3"),
                Arguments.of("REFUSED", 5, List.of(), "failed", false, "4.4.3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void interprets(String name, int rcode, List<MxRecord> records, String kind, Boolean permanent, String status) {
        MxAnswer answer = MxAnswer.interpret("d.test", rcode, records);
        switch (kind) {
            case "exchangers" -> assertThat(answer).isInstanceOfSatisfying(MxAnswer.Exchangers.class,
                    ex -> assertThat(ex.records()).allMatch(r -> !r.isNullMx()).isNotEmpty());
            case "implicit" -> assertThat(answer).isEqualTo(new MxAnswer.Implicit("d.test"));
            default -> assertThat(answer).isInstanceOfSatisfying(MxAnswer.Failed.class, f -> {
                assertThat(f.failure().permanent()).isEqualTo(permanent);
                assertThat(f.failure().status()).isEqualTo(status);
                assertThat(f.failure().text()).contains("d.test");
            });
        }
    }
}
