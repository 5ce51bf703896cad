package io.postmesh.ingress.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5321 §4.1.2 paths: what is accepted (and as which mailbox), what is refused with which code. */
class PathParserTest {

    @ParameterizedTest(name = "{0} -> {1} / params \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        "<bob@example.test>                          | bob@example.test                 | ''",
        "  <bob@example.test>                        | bob@example.test                 | ''",
        "<bob@example.test> NOTIFY=NEVER             | bob@example.test                 | NOTIFY=NEVER",
        "<b.o+b=x@Example.TEST>                      | b.o+b=x@Example.TEST             | ''",
        "<@relay.test:bob@example.test>              | bob@example.test                 | ''",
        "<@a.test,@b.test:bob@example.test>          | bob@example.test                 | ''",
        "<\"bob smith\"@example.test>                | \"bob smith\"@example.test       | ''",
        "<\"a>b\"@example.test> SIZE=1               | \"a>b\"@example.test             | SIZE=1",
        "<\"a\\\"b\"@example.test>                   | \"a\\\"b\"@example.test          | ''",
        "<bob@[192.0.2.1]>                           | bob@[192.0.2.1]                  | ''",
        "<bob@[IPv6:2001:db8::1]>                    | bob@[IPv6:2001:db8::1]           | ''",
        "<bob@[IPv6:::ffff:192.0.2.1]>               | bob@[IPv6:::ffff:192.0.2.1]      | ''",
        "<j\u00f6rg@b\u00fccher.test>                | j\u00f6rg@b\u00fccher.test        | ''",
        "<>                                          | ''                               | ''",
        "<> SIZE=10                                  | ''                               | SIZE=10"})
    void accepted(String input, String mailbox, String params) throws Exception {
        PathParser.Path path = PathParser.forwardPath().parse(input);
        assertThat(path.isNull() ? "" : path.mailbox().address()).isEqualTo(mailbox);
        assertThat(path.parameters()).isEqualTo(params);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "bob@example.test                  | 501 5.5.4",
        "<bob@example.test                 | 501 5.1.3",
        "<bob@example.test>SIZE=1          | 501 5.1.3",
        "<bob>                             | 501 5.1.3",
        "<@example.test>                   | 501 5.1.3",
        "<bob@>                            | 501 5.1.3",
        "<@bob@example.test>               | 501 5.1.3",
        "<bob@elsewhere.test@example.test> | 501 5.1.3",
        "<bob@example..test>               | 501 5.1.3",
        "<bob@example.test.>               | 501 5.1.3",
        "<bob@-example.test>               | 501 5.1.3",
        "<bob@exa_mple.test>               | 501 5.1.3",
        "<.bob@example.test>               | 501 5.1.3",
        "<bob.@example.test>               | 501 5.1.3",
        "<b..ob@example.test>              | 501 5.1.3",
        "<b ob@example.test>               | 501 5.1.3",
        "<b(c)ob@example.test>             | 501 5.1.3",
        "<\"\"@example.test>               | 501 5.1.3",
        "<\"bob@example.test>              | 501 5.1.3",
        "<bob@[192.0.2.256]>               | 501 5.1.3",
        "<bob@[1.2.3]>                     | 501 5.1.3",
        "<bob@[IPv6:1::2::3]>              | 501 5.1.3",
        "<bob@[tag:anything]>              | 501 5.1.3",
        "<@relay.test bob@example.test>    | 501 5.1.3",
        "<@-relay.test:bob@example.test>   | 501 5.1.3"})
    void refused(String input, String expected) {
        assertThatThrownBy(() -> PathParser.forwardPath().parse(input))
                .isInstanceOfSatisfying(SmtpSyntaxException.class,
                        e -> assertThat(SessionFixture.code(e.reply())).isEqualTo(expected));
    }

    @ParameterizedTest
    @CsvSource({"<bob>", "<bob@example..test>"})
    void badSenderAddressesGet517(String input) {
        assertThatThrownBy(() -> PathParser.reversePath().parse(input))
                .isInstanceOfSatisfying(SmtpSyntaxException.class,
                        e -> assertThat(SessionFixture.code(e.reply())).isEqualTo("501 5.1.7"));
    }

    @ParameterizedTest
    @CsvSource({"65", "256"})
    void tooLongPartsAreRefused(int length) {
        String local = length == 65 ? "a".repeat(65) + "@example.test" : "a@" + "b".repeat(60) + ".test".repeat(40);
        assertThatThrownBy(() -> PathParser.forwardPath().parse("<" + local + ">"))
                .isInstanceOf(SmtpSyntaxException.class);
    }
}
