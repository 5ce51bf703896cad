package io.postmesh.ingress.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postmesh.ingress.smtp.protocol.Mailbox;
import io.postmesh.ingress.smtp.protocol.PathParser;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The relay rule, including the address tricks that must not open a relay. */
class RelayPolicyTest {
    private static final RelayPolicy POLICY = RelayPolicy.fromConfig(List.of("example.test", "b\u00fccher.test"),
            List.of("127.0.0.0/8", "::1/128", "10.1.0.0/16"));

    private static HookResult check(String client, String path) throws Exception {
        Mailbox rcpt = PathParser.forwardPath().parse(path).mailbox();
        return POLICY.onRcpt(InetAddress.getByName(client), rcpt);
    }

    @ParameterizedTest(name = "{0} to {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // trusted clients may send anywhere
        "127.0.0.1     | <bob@elsewhere.test>                        | OK",
        "::1           | <bob@elsewhere.test>                        | OK",
        "10.1.200.3    | <bob%elsewhere.test@example.test>           | OK",
        // untrusted clients: relay domains only
        "192.0.2.7     | <bob@example.test>                          | OK",
        "192.0.2.7     | <bob@Example.Test>                          | OK",
        "192.0.2.7     | <bob@xn--bcher-kva.test>                    | OK",
        "192.0.2.7     | <bob@b\u00fccher.test>                      | OK",
        "192.0.2.7     | <bob@elsewhere.test>                        | DENY",
        "192.0.2.7     | <bob@sub.example.test>                      | DENY",
        "192.0.2.7     | <bob@example.test.elsewhere.test>           | DENY",
        "10.2.0.1      | <bob@elsewhere.test>                        | DENY",
        "::2           | <bob@elsewhere.test>                        | DENY",
        // tricks: source routes are dropped, so the final domain decides
        "192.0.2.7     | <@example.test:bob@elsewhere.test>          | DENY",
        "192.0.2.7     | <@elsewhere.test:bob@example.test>          | OK",
        // percent hack, bang path, quoted @: refused even in a relay domain
        "192.0.2.7     | <bob%elsewhere.test@example.test>           | DENY",
        "192.0.2.7     | <elsewhere.test!bob@example.test>           | DENY",
        "192.0.2.7     | <\"bob@elsewhere.test\"@example.test>       | DENY",
        "192.0.2.7     | <\"bob%elsewhere\"@example.test>            | DENY",
        // address literals are never relay domains
        "192.0.2.7     | <bob@[192.0.2.1]>                           | DENY"})
    void relay(String client, String path, HookResult expected) throws Exception {
        assertThat(check(client, path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"none", "NONE"})
    void noneTrustsNobodyNotEvenLoopback(String none) throws Exception {
        RelayPolicy policy = RelayPolicy.fromConfig(List.of(), List.of(none));
        Mailbox rcpt = PathParser.forwardPath().parse("<bob@example.test>").mailbox();
        assertThat(policy.onRcpt(InetAddress.getByName("127.0.0.1"), rcpt)).isEqualTo(HookResult.DENY);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "127.0.0.0/8,127.255.1.2,true", "127.0.0.0/8,128.0.0.1,false", "10.0.0.0/9,10.127.0.1,true",
        "10.0.0.0/9,10.128.0.1,false", "192.0.2.1,192.0.2.1,true", "192.0.2.1/32,192.0.2.2,false",
        "0.0.0.0/0,203.0.113.9,true", "::1/128,::1,true", "2001:db8::/32,2001:db8:ffff::1,true",
        "2001:db8::/32,2001:db9::1,false", "127.0.0.0/8,::1,false", "::/0,127.0.0.1,false"})
    void cidr(String cidr, String address, boolean contained) throws Exception {
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(contained);
    }

    @ParameterizedTest
    @CsvSource({"localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/x", "''"})
    void badNetworksAreRefusedWithoutNameLookups(String cidr) {
        assertThatThrownBy(() -> Cidr.parse(cidr)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "<b-abc-def@bounces.test>   | OK",
        "<b-abc-def@BOUNCES.TEST>   | OK",
        "<bob@example.test>         | OK",
        "<bob@elsewhere.test>       | DENY",
        "<a%b@bounces.test>         | DENY"})
    void theBounceDomainIsAcceptedFromAnyone(String path, HookResult expected) throws Exception {
        RelayPolicy policy = RelayPolicy.fromConfig(List.of("example.test"), java.util.Optional.of("bounces.test"),
                List.of("none"));
        Mailbox rcpt = PathParser.forwardPath().parse(path).mailbox();
        assertThat(policy.onRcpt(InetAddress.getByName("192.0.2.7"), rcpt)).isEqualTo(expected);
    }
}
