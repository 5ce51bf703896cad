package io.postmesh.delivery.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8461 §3.1: the {@code _mta-sts} TXT record. Records are separated by '|' in the table; '-' = no id. */
class StsRecordTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '!', value = {
            "v=STSv1; id=20160831085700Z;                       ! 20160831085700Z",
            "v=STSv1;id=abc123                                  ! abc123",
            "v=STSv1;  id=abc123 ;                              ! abc123",
            "v=STSv1; id=abc; ext_1=some-value;                 ! abc",
            "v=spf1 -all|v=STSv1; id=one;                       ! one",
            "v=STSv1; id=one;|v=STSv1; id=two;                  ! -",
            "v=STSv1; id=;                                      ! -",
            "v=STSv1; id=has-dash;                              ! -",
            "v=STSv1; id=123456789012345678901234567890123;     ! -",
            "v=STSv1;                                           ! -",
            "v=STSv1; id=a; id=b;                               ! -",
            "v=STSv2; id=abc;                                   ! -",
            "V=STSv1; id=abc;                                   ! -",
            "id=abc; v=STSv1;                                   ! -",
            "v=STSv1; id=abc; bad field;                        ! -",
    })
    void policyId(String records, String expected) {
        List<String> txt = Arrays.stream(records.strip().split("\\|")).toList();
        assertThat(StsRecord.policyId(txt).orElse("-")).isEqualTo(expected.strip());
    }

    @org.junit.jupiter.api.Test
    void noRecordsNoPolicy() {
        assertThat(StsRecord.policyId(List.of())).isEmpty();
    }
}
