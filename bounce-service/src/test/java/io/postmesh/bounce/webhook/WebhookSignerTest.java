package io.postmesh.bounce.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookSignerTest {
    static final String SECRET = "whsec_test";
    static final byte[] BODY = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
    static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void hmacMatchesRfc4231TestCase2() {
        byte[] mac = WebhookSigner.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    /** Vector made outside Java: printf '1700000000.{"hello":"world"}' | openssl dgst -sha256 -hmac whsec_test */
    @Test
    void signsTimestampDotBody() {
        assertThat(WebhookSigner.sign(SECRET, BODY, T.plusMillis(999)))
                .isEqualTo("t=1700000000,v1=f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b");
    }

    static Stream<Arguments> verifications() {
        String good = "t=1700000000,v1=f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b";
        String wrong = "v1=" + "00".repeat(32);
        return Stream.of(
                Arguments.of("valid", good, SECRET, BODY, T, true),
                Arguments.of("valid, upper-case hex and spaces", "t=1700000000, v1="
                        + "F592BBF3951CFC94E560EECFB5D9DD4DA6B0FFF2E626235F8AB4B54860925D0B", SECRET, BODY, T, true),
                Arguments.of("one of several v1 matches (secret rotation)", "t=1700000000," + wrong + "," + good.substring(13),
                        SECRET, BODY, T, true),
                Arguments.of("within tolerance", good, SECRET, BODY, T.plus(Duration.ofMinutes(5)), true),
                Arguments.of("too old: replay", good, SECRET, BODY, T.plus(Duration.ofMinutes(5)).plusSeconds(1), false),
                Arguments.of("too far in the future", good, SECRET, BODY, T.minus(Duration.ofMinutes(6)), false),
                Arguments.of("other secret", good, "whsec_other", BODY, T, false),
                Arguments.of("tampered body", good, SECRET, "{\"hello\":\"World\"}".getBytes(StandardCharsets.UTF_8), T, false),
                Arguments.of("timestamp changed", good.replace("t=1700000000", "t=1700000001"), SECRET, BODY, T, false),
                Arguments.of("no timestamp", good.substring(13), SECRET, BODY, T, false),
                Arguments.of("no signature", "t=1700000000", SECRET, BODY, T, false),
                Arguments.of("bad timestamp", "t=abc,v1=00", SECRET, BODY, T, false),
                Arguments.of("bad hex", "t=1700000000,v1=zz", SECRET, BODY, T, false),
                Arguments.of("missing header", null, SECRET, BODY, T, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verifications")
    void verifies(String name, String header, String secret, byte[] body, Instant now, boolean expected) {
        assertThat(WebhookSigner.verify(secret, header, body, now, WebhookSigner.DEFAULT_TOLERANCE)).isEqualTo(expected);
    }

    @Test
    void roundTrip() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        String header = WebhookSigner.sign("s3cr3t", BODY, now);
        assertThat(WebhookSigner.verify("s3cr3t", header, BODY, now.plusSeconds(30), Duration.ofMinutes(1))).isTrue();
    }
}
