package io.postmesh.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerpTest {
    static final String SECRET = "s3cret";
    static final String DOMAIN = "bounces.postmesh.test";
    static final String TOKEN = "abcdefgh2345";
    static final String GOOD = Verp.encode(SECRET, DOMAIN, TOKEN);

    @Test
    void encodesPrefixTokenAndMacWellBelowTheLocalPartLimit() {
        assertThat(GOOD).matches("b-abcdefgh2345-[a-z2-7]{10}@bounces\\.postmesh\\.test");
        assertThat(GOOD.indexOf('@')).isLessThanOrEqualTo(64);
    }

    @Test
    void randomTokensRoundTrip() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 50; i++) {
            String token = Verp.newToken(random);
            assertThat(token).matches("[a-z2-7]{12}");
            assertThat(Verp.parse(SECRET, DOMAIN, Verp.encode(SECRET, DOMAIN, token))).contains(token);
        }
    }

    @Test
    void base32IsRfc4648() {
        // RFC 4648 §10 test vectors, lower case, unpadded.
        assertThat(Verp.base32("foobar".getBytes())).isEqualTo("mzxw6ytboi");
        assertThat(Verp.base32("f".getBytes())).isEqualTo("my");
        assertThat(Verp.base32(new byte[0])).isEmpty();
    }

    /** {@code GOOD} is substituted for the word GOOD; "tok" is TOKEN, "mac" the MAC of TOKEN under SECRET. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "GOOD                                         | abcdefgh2345",
        "<GOOD>                                       | abcdefgh2345",
        "UPPER                                        | abcdefgh2345",
        "b-tok-mac@BOUNCES.postmesh.test.             | abcdefgh2345",
        "b-abcdefgh2346-mac@bounces.postmesh.test     | null",
        "b-tok-aaaaaaaaaa@bounces.postmesh.test       | null",
        "b-tok-mac@other.test                         | null",
        "b-tok-mac@sub.bounces.postmesh.test          | null",
        "x-tok-mac@bounces.postmesh.test              | null",
        "b-tok-macx@bounces.postmesh.test             | null",
        "b--mac@bounces.postmesh.test                 | null",
        "b-a-b-mac@bounces.postmesh.test              | null",
        "b-tok@bounces.postmesh.test                  | null",
        "bob@bounces.postmesh.test                    | null",
        "@bounces.postmesh.test                       | null",
        "garbage                                      | null",
        "''                                           | null",
        "null                                         | null"})
    void parseVerifiesMacAndDomain(String address, String expected) {
        String mac = GOOD.substring(GOOD.lastIndexOf('-') + 1, GOOD.indexOf('@'));
        String a = address == null ? null : address.replace("GOOD", GOOD).replace("UPPER", GOOD.toUpperCase())
                .replace("tok", TOKEN).replace("mac", mac);
        assertThat(Verp.parse(SECRET, DOMAIN, a)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void anotherSecretDoesNotVerify() {
        assertThat(Verp.parse("other", DOMAIN, GOOD)).isEmpty();
        assertThat(Verp.parse("", DOMAIN, GOOD)).isEmpty();
    }

    @Test
    void encodeRefusesWhatCouldNotBeParsedBack() {
        assertThatThrownBy(() -> Verp.encode("", DOMAIN, TOKEN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verp.encode(SECRET, DOMAIN, "has-hyphen")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verp.encode(SECRET, " ", TOKEN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entryRoundTripsThroughJson() {
        VerpEntry entry = new VerpEntry(VerpEntry.VERSION, "Q1", "acme", java.util.List.of("bob@ok.test"),
                "alice@src.test", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null, 1, null);
        assertThat(Json.read(Json.write(entry), VerpEntry.class)).isEqualTo(entry);
    }
}
