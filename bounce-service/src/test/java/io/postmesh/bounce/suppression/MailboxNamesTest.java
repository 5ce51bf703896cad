package io.postmesh.bounce.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailboxNamesTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(nullValues = "NONE", value = {
            "Bob@Example.TEST,     bob@example.test",
            "<bob@example.test>,   bob@example.test",
            "' bob@example.test ', bob@example.test",
            "first.last+tag@sub.example.test, first.last+tag@sub.example.test",
            "user@[192.0.2.1],     user@[192.0.2.1]",
            "bob,                  NONE",
            "@example.test,        NONE",
            "bob@,                 NONE",
            "bob@example.test.,    NONE",
            "bob smith@example.test, NONE",
            "a@b@example.test,     NONE",
            "NONE,                 NONE",
    })
    void normalize(String raw, String expected) {
        assertThat(MailboxNames.normalize(raw)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest
    @CsvSource({"acme,true", "default,true", "tenant_1.eu-west,true", "'',false", "a:b,false", "a b,false"})
    void validTenant(String tenant, boolean valid) {
        assertThat(MailboxNames.validTenant(tenant)).isEqualTo(valid);
    }
}
