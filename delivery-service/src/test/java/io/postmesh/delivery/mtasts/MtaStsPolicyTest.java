package io.postmesh.delivery.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8461 §3.2 policy parsing and §4.1 evaluation. Bodies use '/' for LF and '~' for CRLF in the tables. */
class MtaStsPolicyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '!', value = {
            // body                                                                ! mode    ! max_age  ! patterns
            "version: STSv1/mode: enforce/mx: mail.example.test/max_age: 86400     ! enforce ! 86400    ! mail.example.test",
            "version: STSv1~mode: testing~mx: *.example.test~max_age: 604800~  ! testing ! 604800   ! *.example.test",
            "version:STSv1/mode:enforce/mx:a.test/mx:*.b.test/max_age:60           ! enforce ! 60       ! a.test;*.b.test",
            "version: STSv1/mode: none/max_age: 0                                  ! none    ! 0        ! ''",
            "version: STSv1/mode: enforce/mx: a.test/max_age: 99999999999/         ! -       ! -        ! -",
            "version: STSv1/mode: enforce/mx: a.test/max_age: 9999999999           ! enforce ! 31557600 ! a.test",
            "version: STSv1/mode: enforce/mx: a.test/max_age: 60/future: thing     ! enforce ! 60       ! a.test",
            "version: STSv1/mode: enforce/mode: none/mx: a.test/max_age: 60        ! enforce ! 60       ! a.test",
            "version: STSv1/mode: enforce/max_age: 60                              ! -       ! -        ! -",
            "version: STSv2/mode: enforce/mx: a.test/max_age: 60                   ! -       ! -        ! -",
            "mode: enforce/mx: a.test/max_age: 60                                  ! -       ! -        ! -",
            "version: STSv1/mode: ENFORCE/mx: a.test/max_age: 60                   ! -       ! -        ! -",
            "version: STSv1/mode: enforce/mx: a.test/max_age: -1                   ! -       ! -        ! -",
            "version: STSv1/mode: enforce/mx: a.test                               ! -       ! -        ! -",
            "version: STSv1/mode: enforce/mx: a.test/max_age: 60/garbage line      ! -       ! -        ! -",
            "<html><body>not found</body></html>                                   ! -       ! -        ! -",
    })
    void parse(String body, String mode, String maxAge, String patterns) {
        String text = body.strip().replace("~", "\r\n").replace("/", "\n");
        if (mode.equals("-")) {
            assertThatThrownBy(() -> MtaStsPolicy.parse(text)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        MtaStsPolicy policy = MtaStsPolicy.parse(text);
        assertThat(policy.mode()).hasToString(mode);
        assertThat(policy.maxAge()).isEqualTo(Duration.ofSeconds(Long.parseLong(maxAge)));
        assertThat(policy.mx()).extracting(MxPattern::toString)
                .containsExactly(patterns.isEmpty() ? new String[0] : patterns.split(";"));
    }

    @ParameterizedTest(name = "{0} / {1} → permits {2}")
    @CsvSource({
            "enforce, mx1.example.test,   true",
            "enforce, backup.example.test, true",
            "enforce, mx.elsewhere.test,  false",
            "testing, mx.elsewhere.test,  false",
            "none,    mx.elsewhere.test,  true",
    })
    void permits(String mode, String host, boolean expected) {
        MtaStsPolicy policy = MtaStsPolicy.parse("version: STSv1\nmode: " + mode
                + "\nmx: *.example.test\nmx: backup.example.test\nmax_age: 60\n");
        assertThat(policy.permits(host)).isEqualTo(expected);
    }

    @Test
    void onlyEnforceRequiresValidatedTls() {
        String body = "version: STSv1\nmx: mx.example.test\nmax_age: 60\nmode: ";
        assertThat(MtaStsPolicy.parse(body + "enforce").requiresValidatedTls()).isTrue();
        assertThat(MtaStsPolicy.parse(body + "testing").requiresValidatedTls()).isFalse();
        assertThat(MtaStsPolicy.parse(body + "none").requiresValidatedTls()).isFalse();
    }
}
