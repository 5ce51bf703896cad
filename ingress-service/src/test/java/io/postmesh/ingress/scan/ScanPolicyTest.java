package io.postmesh.ingress.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScanPolicyTest {

    /** spam: rspamd action (empty: not asked); virus: name, CLEAN, or empty (not asked). | for CRLF. */
    @ParameterizedTest(name = "{0} spam={1} virus={2}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        "REJECT; reject;      CLEAN;  550 5.7.1 Error: message refused as spam;   ''",
        "REJECT; no action;   Eicar;  554 5.7.0 Error: message contains a virus (Eicar); ''",
        "REJECT; reject;      Eicar;  554 5.7.0 Error: message contains a virus (Eicar); ''",
        "REJECT; add header;  CLEAN;  -;  X-Spam-Flag: YES|X-Spam-Score: 7.00 / 15.00|X-Spam-Action: add header|X-Virus-Scanned: ClamAV|X-Virus-Status: Clean|",
        "REJECT; no action;   -;      -;  X-Spam-Flag: NO|X-Spam-Score: 7.00 / 15.00|X-Spam-Action: no action|",
        "REJECT; -;           CLEAN;  -;  X-Virus-Scanned: ClamAV|X-Virus-Status: Clean|",
        "TAG;    reject;      Eicar;  -;  X-Spam-Flag: YES|X-Spam-Score: 7.00 / 15.00|X-Spam-Action: reject|X-Virus-Scanned: ClamAV|X-Virus-Status: Infected (Eicar)|",
        "TAG;    soft reject; -;      -;  X-Spam-Flag: NO|X-Spam-Score: 7.00 / 15.00|X-Spam-Action: soft reject|",
    })
    void decidesPerPolicy(ScanAction action, String spamAction, String virus, String refusal, String fields) {
        Verdicts.Spam spam = spamAction == null ? null : new Verdicts.Spam(spamAction, 7, 15);
        Verdicts.Virus v = virus == null ? null : "CLEAN".equals(virus) ? Verdicts.Virus.CLEAN : new Verdicts.Virus(virus);
        ScanPolicy.Decision d = ScanPolicy.decide(action, spam, v);
        assertThat(d.refusal() == null ? null : d.refusal().toString()).isEqualTo(refusal);
        assertThat(d.fields()).isEqualTo(fields.replace("|", "\r\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        "stream: OK\\0;                                 -",
        "stream: Postmesh-Test-EICAR.UNOFFICIAL FOUND\\0; Postmesh-Test-EICAR.UNOFFICIAL",
    })
    void readsClamdAnswers(String answer, String virus) {
        assertThat(ClamdClient.parse(answer.replace("\\0", "\0")).name()).isEqualTo(virus);
    }

    @ParameterizedTest
    @CsvSource({"'INSTREAM size limit exceeded. ERROR'", "''"})
    void anythingElseFromClamdIsAnError(String answer) {
        assertThatThrownBy(() -> ClamdClient.parse(answer)).isInstanceOf(IllegalArgumentException.class);
    }
}
