package io.postmesh.ingress.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With {@code trusted-networks=none} even loopback is an outsider: only the relay domain and the bounce domain
 * are accepted.
 */
@QuarkusTest
@TestProfile(RelayPolicyIngressTest.Untrusted.class)
@WithTestResource(PipelineInfra.class)
@WithTestResource(IngressListeners.class)
class RelayPolicyIngressTest {

    public static class Untrusted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("postmesh.ingress.trusted-networks", "none",
                    "postmesh.ingress.relay-domains", "example.test",
                    "postmesh.ingress.bounce-domain", "bounces.postmesh.test");
        }
    }

    @ConfigProperty(name = "postmesh.ingress.smtp.port")
    int smtpPort;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "<bob@example.test>                       | 250 2.1.5 Ok",
        "<bob@EXAMPLE.TEST>                       | 250 2.1.5 Ok",
        "<Postmaster>                             | 250 2.1.5 Ok",
        "<b-abc-def@bounces.postmesh.test>        | 250 2.1.5 Ok",
        "<bob@other.postmesh.test>                | 554 5.7.1 Error: relay access denied",
        "<bob@elsewhere.test>                     | 554 5.7.1 Error: relay access denied",
        "<bob@sub.example.test>                   | 554 5.7.1 Error: relay access denied",
        "<bob@[127.0.0.1]>                        | 554 5.7.1 Error: relay access denied",
        "<@example.test:bob@elsewhere.test>       | 554 5.7.1 Error: relay access denied",
        "<@a.test,@example.test:bob@elsewhere.test> | 554 5.7.1 Error: relay access denied",
        "<bob%elsewhere.test@example.test>        | 554 5.7.1 Error: relay access denied",
        "<elsewhere.test!bob@example.test>        | 554 5.7.1 Error: relay access denied",
        "<\"bob@elsewhere.test\"@example.test>    | 554 5.7.1 Error: relay access denied",
        "<bob@elsewhere.test@example.test>        | 501 5.1.3 Error: bad recipient address syntax",
        "<bob@example.test.>                      | 501 5.1.3 Error: bad recipient address syntax",
        "bob@example.test                         | 501 5.5.4 Syntax: address must be in angle brackets"})
    void onlyRelayDomainsFromUntrustedClients(String path, String expected) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("MAIL FROM:<alice@client.test>")).isEqualTo("250 2.1.0 Ok");
            assertThat(c.command("RCPT TO:" + path)).isEqualTo(expected);
            // A refused recipient leaves no trace: DATA still needs a recipient when none was accepted.
            if (!expected.startsWith("250")) {
                assertThat(c.command("DATA")).isEqualTo("503 5.5.1 Error: need RCPT command");
            }
        }
    }
}
