package io.postmesh.ingress.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postmesh.model.Envelope.Ret;
import io.postmesh.model.Recipient.Notify;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MAIL and RCPT parameters (RFC 1870, 6152, 6531, 3461) and xtext. */
class ParametersTest {

    @Test
    void mailParametersAreParsedCaseInsensitively() throws Exception {
        MailParameters p = MailParameters.parse("size=42 Body=8bitmime smtputf8 ret=full ENVID=QQ+2Bx");
        assertThat(p).isEqualTo(new MailParameters(42, true, true, Ret.FULL, "QQ+2Bx"));
        assertThat(MailParameters.parse("")).isEqualTo(MailParameters.NONE);
        assertThat(MailParameters.parse("BODY=7BIT").eightBitMime()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "SIZE=                 | 501 5.5.4",
        "SIZE=-1               | 501 5.5.4",
        "SIZE=123456789012345678901 | 501 5.5.4",
        "BODY=BINARYMIME       | 501 5.5.4",
        "SMTPUTF8=yes          | 501 5.5.4",
        "RET=NONE              | 501 5.5.4",
        "ENVID=                | 501 5.5.4",
        "ENVID=a+2b            | 501 5.5.4",
        "ENVID=a+2             | 501 5.5.4",
        "RET=FULL RET=HDRS     | 501 5.5.4",
        "=x                    | 501 5.5.4",
        "AUTH=                 | 501 5.5.4",
        "AUTH=a+2              | 501 5.5.4",
        "REQUIRETLS=yes        | 501 5.5.4",
        "XFORWARD=1            | 555 5.5.4",
        "NOTIFY=NEVER          | 555 5.5.4"})
    void badMailParameters(String text, String expected) {
        assertThatThrownBy(() -> MailParameters.parse(text)).isInstanceOfSatisfying(SmtpSyntaxException.class,
                e -> assertThat(SessionFixture.code(e.reply())).isEqualTo(expected));
    }

    @Test
    void envIdLongerThan100IsRefused() {
        assertThatThrownBy(() -> MailParameters.parse("ENVID=" + "a".repeat(101)))
                .isInstanceOf(SmtpSyntaxException.class);
    }

    @Test
    void rcptParametersAreParsed() throws Exception {
        RcptParameters p = RcptParameters.parse("notify=success,delay ORCPT=rfc822;bob+2Bx@example.test");
        assertThat(p.notifyOn()).isEqualTo(Set.of(Notify.SUCCESS, Notify.DELAY));
        assertThat(p.orcpt()).isEqualTo("rfc822;bob+2Bx@example.test");
        assertThat(RcptParameters.parse("").notifyOn()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "NOTIFY=                    | 501 5.5.4",
        "NOTIFY=NEVER,FAILURE       | 501 5.5.4",
        "NOTIFY=SUCCESS,SUCCESS     | 501 5.5.4",
        "NOTIFY=ALWAYS              | 501 5.5.4",
        "ORCPT=bob@example.test     | 501 5.5.4",
        "ORCPT=;bob@example.test    | 501 5.5.4",
        "ORCPT=rfc822;              | 501 5.5.4",
        "ORCPT=rfc822;bob+zz        | 501 5.5.4",
        "RET=FULL                   | 555 5.5.4"})
    void badRcptParameters(String text, String expected) {
        assertThatThrownBy(() -> RcptParameters.parse(text)).isInstanceOfSatisfying(SmtpSyntaxException.class,
                e -> assertThat(SessionFixture.code(e.reply())).isEqualTo(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"abc,true", "a+2Bb,true", "+3D,true", "a+2b,false", "a+,false", "a b,false", "a=b,false", "'',true"})
    void xtext(String text, boolean valid) {
        assertThat(Xtext.valid(text)).isEqualTo(valid);
    }

    @Test
    void xtextDecodes() {
        assertThat(Xtext.decode("a+2Bb+3Dc")).isEqualTo("a+b=c");
    }
}
