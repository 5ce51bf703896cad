package io.postmesh.ingress.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "To              | x                | reserved-header",
            "bcc             | x                | reserved-header",
            "Content-Type    | text/plain       | reserved-header",
            "X-Postmesh-Lane | bulk             | reserved-header",
            "'Bad Name'      | x                | bad-header-name",
            "'X:Y'           | x                | bad-header-name",
            "X-Ok            | 'a\nb'           | bad-header-value",
            "Message-ID      | no-brackets@x    | bad-message-id",
            "Message-ID      | <a@b> <c@d>      | bad-message-id",
    })
    void refused(String name, String value, String reason) {
        assertThatThrownBy(() -> new HeaderRules().check(Map.of(name, value)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().reason()).isEqualTo(reason);
                    assertThat(e.problem().field()).isEqualTo("headers." + name);
                });
    }

    @Test
    void acceptedFieldsKeepTheirOrderAndMessageIdIsSetApart() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("X-B", "2");
        in.put("message-id", " <abc@sender.test> ");
        in.put("X-A", "1");
        assertThat(new HeaderRules().check(in)).containsExactly(
                Map.entry("X-B", "2"), Map.entry(HeaderRules.MESSAGE_ID, "<abc@sender.test>"), Map.entry("X-A", "1"));
    }

    @Test
    void nonAsciiValuesAreEncodedWordsAndLongOnesAreFolded() {
        assertThat(HeaderRules.encode("X-Name", "Grüße")).isEqualTo("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=");
        String folded = HeaderRules.encode("X-Long", "word ".repeat(40).strip());
        assertThat(folded).contains("\r\n ");
        assertThat(folded.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    }
}
