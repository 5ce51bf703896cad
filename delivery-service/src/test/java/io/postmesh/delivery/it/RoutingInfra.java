package io.postmesh.delivery.it;

import io.postmesh.testing.Ports;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.smtp.SmtpPeer;
import io.postmesh.testing.tls.TestCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Test resource for routing, TLS policy by config and the independent MTA, all on one port:
 * <table>
 *   <tr><td>aiosmtpd.test</td><td>MX → 127.0.0.70, Debian's python3-aiosmtpd (when installed)</td></tr>
 *   <tr><td>relayed.test</td><td>smart host 127.0.0.71 (STARTTLS, AUTH relay/s3cret required); no MX at all</td></tr>
 *   <tr><td>secure.test</td><td>MX mx.secure.test → 127.0.0.73, CA-signed certificate; policy verify</td></tr>
 *   <tr><td>egress.test</td><td>MX → 127.0.0.72; tenant {@code acme} leaves from pool bulk (127.0.0.9)</td></tr>
 * </table>
 */
public class RoutingInfra implements QuarkusTestResourceLifecycleManager {
    static volatile TestDnsServer dns;
    static volatile SmtpPeer relay;
    static volatile SmtpPeer secure;
    static volatile SmtpPeer egress;
    static volatile AiosmtpdSink aiosmtpd;

    @Override
    public Map<String, String> start() {
        int port = Ports.freePort("127.0.0.70");
        relay = SmtpPeer.start("127.0.0.71", port).withStartTls(TestCertificates.selfSigned("relay.test"))
                .requireAuth("relay", "s3cret");
        secure = SmtpPeer.start("127.0.0.73", port).withStartTls(TestCertificates.signed("mx.secure.test"));
        egress = SmtpPeer.start("127.0.0.72", port);
        if (AiosmtpdSink.available()) {
            aiosmtpd = AiosmtpdSink.start("127.0.0.70", port);
        }
        dns = TestDnsServer.start(new Zones()
                .mx("aiosmtpd.test", 10, "mx.aiosmtpd.test").a("mx.aiosmtpd.test", "127.0.0.70")
                .mx("secure.test", 10, "mx.secure.test").a("mx.secure.test", "127.0.0.73")
                .mx("egress.test", 10, "mx.egress.test").a("mx.egress.test", "127.0.0.72"));
        Map<String, String> config = new HashMap<>();
        config.put("postmesh.delivery.mode", "mx");
        config.put("postmesh.delivery.dns.server", dns.hostPort());
        config.put("postmesh.delivery.mx-port", Integer.toString(port));
        config.put("postmesh.delivery.helo-name", "delivery.postmesh.test");
        config.put("postmesh.delivery.connect-timeout", "3s");
        config.put("postmesh.delivery.command-timeout", "10s");
        config.put("postmesh.delivery.tls.policies.\"secure.test\"", "verify");
        config.put("postmesh.delivery.tls.trust-store", TestCertificates.caTrustStore().toString());
        config.put("postmesh.delivery.tls.trust-store-password", TestCertificates.PASSWORD);
        config.put("postmesh.delivery.routing.domains.\"relayed.test\".smart-host", "127.0.0.71:" + port);
        config.put("postmesh.delivery.routing.domains.\"relayed.test\".username", "relay");
        config.put("postmesh.delivery.routing.domains.\"relayed.test\".password", "s3cret");
        config.put("postmesh.delivery.routing.domains.\"relayed.test\".auth-mechanism", "login");
        config.put("postmesh.delivery.routing.pools.bulk.source-address", "127.0.0.9");
        config.put("postmesh.delivery.routing.pools.bulk.helo-name", "bulk.postmesh.test");
        config.put("postmesh.delivery.routing.tenant-pools.acme", "bulk");
        config.put("mp.messaging.incoming.jobs.group.id", "delivery-routing-test");
        return config;
    }

    @Override
    public void stop() {
        for (AutoCloseable c : new AutoCloseable[] {relay, secure, egress, aiosmtpd, dns}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // Best effort: the next one still gets closed.
            }
        }
    }
}
