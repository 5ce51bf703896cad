package io.postmesh.delivery.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfiguredTlsPoliciesTest {
    private final ConfiguredTlsPolicies policies = new ConfiguredTlsPolicies(TlsLevel.OPPORTUNISTIC, Map.of(
            "bank.test", "verify", ".corp.test", "required", "mx.corp.test", "none"));

    @ParameterizedTest
    @CsvSource({
        "bank.test,        VERIFY,        config",
        "BANK.test.,       VERIFY,        config",
        "sub.bank.test,    OPPORTUNISTIC, default",
        "a.corp.test,      REQUIRED,      config",
        "x.y.corp.test,    REQUIRED,      config",
        "mx.corp.test,     NONE,          config",
        "corp.test,        OPPORTUNISTIC, default",
        "other.test,       OPPORTUNISTIC, default",
    })
    void exactThenParentThenDefault(String domain, TlsLevel level, String source) {
        assertThat(policies.lookup(domain)).isEqualTo(new TlsPolicy(level, source));
    }

    @ParameterizedTest
    @CsvSource({
        "NONE,          VERIFY",
        "OPPORTUNISTIC, VERIFY",
        "REQUIRED,      VERIFY",
        "VERIFY,        VERIFY",
    })
    void requireTlsRaisesToVerify(TlsLevel configured, TlsLevel effective) {
        assertThat(new TlsPolicy(configured, "config").atLeast(TlsLevel.VERIFY, "requiretls").level())
                .isEqualTo(effective);
    }
}
