package io.postmesh.ingress.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailboxSpecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // input                              | display name  | address
            "alice@example.test                   | NULL          | alice@example.test",
            "  alice@example.test                 | NULL          | alice@example.test",
            "<alice@example.test>                 | NULL          | alice@example.test",
            "Alice <alice@example.test>           | Alice         | alice@example.test",
            "\"Doe, Jane\" <jane@example.test>    | Doe, Jane     | jane@example.test",
            "Jörg <jörg@bücher.test>              | Jörg          | jörg@bücher.test",
            "\"quoted local\"@example.test        | NULL          | \"quoted local\"@example.test",
            "ops@[192.0.2.1]                      | NULL          | ops@[192.0.2.1]",
            "alice%other.test@example.test        | NULL          | alice%other.test@example.test",
    })
    void validAddresses(String input, String name, String address) {
        MailboxSpec spec = MailboxSpec.parse(input, "to[0]");
        assertThat(spec.displayName()).isEqualTo(name);
        assertThat(spec.address()).isEqualTo(address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alice",
            "alice@",
            "@example.test",
            "a@@example.test",
            "a b@example.test",
            "alice@example..test",
            "alice@-example.test",
            "Alice <alice@example.test",
            "Alice alice@example.test>",
            "<@relay.test:alice@example.test>",
            "alice@example.test.",
    })
    void invalidAddressesNameTheField(String input) {
        assertThatThrownBy(() -> MailboxSpec.parse(input, "cc[3]"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().field()).isEqualTo("cc[3]");
                    assertThat(e.problem().reason()).isEqualTo("bad-address");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "'   '", "'a@example.test\r\nBcc: x@y.test'"})
    void emptyOrMultiLineInputIsRefused(String input) {
        assertThatThrownBy(() -> MailboxSpec.parse(input, "from")).isInstanceOf(ProblemException.class);
    }
}
