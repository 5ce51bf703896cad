package io.postmesh.delivery.it;

import io.postmesh.testing.Ports;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.otlp.OtlpReceiver;
import io.postmesh.testing.smtp.SmtpPeer;
import io.postmesh.testing.smtp.Stage;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Test resource for mode {@code mx}: a real DNS server with the test zones and real SMTP peers on
 * 127.0.0.x, all on one port that becomes {@code postmesh.delivery.mx-port}. 127.0.0.3 has nothing
 * listening, for the MX fallback.
 *
 * <table>
 *   <tr><td>ok.test, reject.test</td><td>MX mx.ok.test → 127.0.0.2 (the main peer)</td></tr>
 *   <tr><td>fallback.test</td><td>MX 5 dead.fallback.test → 127.0.0.3, MX 10 mx.ok.test</td></tr>
 *   <tr><td>implicit.test</td><td>no MX, A 127.0.0.2 (RFC 5321 §5.1 implicit MX)</td></tr>
 *   <tr><td>helo.test</td><td>MX → 127.0.0.4, a peer without ESMTP</td></tr>
 *   <tr><td>nopipe.test</td><td>MX → 127.0.0.5, a peer without PIPELINING</td></tr>
 *   <tr><td>dropped.test</td><td>MX → 127.0.0.6, a peer that drops the connection during DATA</td></tr>
 *   <tr><td>busy.test</td><td>MX 5 → 127.0.0.7, a peer greeting with 421; MX 10 mx.ok.test</td></tr>
 *   <tr><td>nullmx.test</td><td>null MX (RFC 7505)</td></tr>
 *   <tr><td>servfail.test</td><td>SERVFAIL</td></tr>
 *   <tr><td>nowhere.test</td><td>NXDOMAIN</td></tr>
 * </table>
 */
public class MxInfra implements QuarkusTestResourceLifecycleManager {
    static final String REJECTED = "nobody@reject.test";
    static final String GREYLISTED = "later@ok.test";

    static volatile TestDnsServer dns;
    static volatile SmtpPeer peer;
    static volatile SmtpPeer heloOnly;
    static volatile SmtpPeer noPipelining;
    static volatile SmtpPeer dropping;
    static volatile SmtpPeer busy;
    static volatile OtlpReceiver otlp;

    @Override
    public Map<String, String> start() {
        int port = Ports.freePort("127.0.0.2");
        peer = SmtpPeer.start("127.0.0.2", port)
                .rejectRecipient(REJECTED, "550 5.1.1 no such user")
                .rejectRecipient(GREYLISTED, "451 4.7.1 greylisted, try later");
        heloOnly = SmtpPeer.start("127.0.0.4", port).withoutEsmtp();
        noPipelining = SmtpPeer.start("127.0.0.5", port).withoutPipelining();
        dropping = SmtpPeer.start("127.0.0.6", port).dropConnectionDuringData(true);
        busy = SmtpPeer.start("127.0.0.7", port).replyTo(Stage.GREETING, "421 4.3.2 too busy, try another MX");
        Zones zones = new Zones()
                .mx("ok.test", 10, "mx.ok.test").a("mx.ok.test", "127.0.0.2")
                .mx("reject.test", 10, "mx.ok.test")
                .mx("fallback.test", 5, "dead.fallback.test").a("dead.fallback.test", "127.0.0.3")
                .mx("fallback.test", 10, "mx.ok.test")
                .a("implicit.test", "127.0.0.2")
                .mx("helo.test", 10, "mx.helo.test").a("mx.helo.test", "127.0.0.4")
                .mx("nopipe.test", 10, "mx.nopipe.test").a("mx.nopipe.test", "127.0.0.5")
                .mx("dropped.test", 10, "mx.dropped.test").a("mx.dropped.test", "127.0.0.6")
                .mx("busy.test", 5, "mx.busy.test").a("mx.busy.test", "127.0.0.7")
                .mx("busy.test", 10, "mx.ok.test")
                .nullMx("nullmx.test")
                .servfail("servfail.test");
        dns = TestDnsServer.start(zones);
        otlp = OtlpReceiver.start();
        Map<String, String> config = new HashMap<>();
        config.put("postmesh.delivery.mode", "mx");
        config.put("postmesh.delivery.dns.server", dns.hostPort());
        config.put("postmesh.delivery.mx-port", Integer.toString(port));
        config.put("postmesh.delivery.helo-name", "delivery.postmesh.test");
        config.put("postmesh.delivery.connect-timeout", "3s");
        config.put("postmesh.delivery.command-timeout", "10s");
        config.put("postmesh.delivery.dns.timeout", "3s");
        config.put("quarkus.otel.exporter.otlp.traces.endpoint", otlp.endpoint());
        config.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        config.put("quarkus.otel.bsp.schedule.delay", "100ms");
        // Own consumer group: jobs of other test classes on the shared broker are not ours to commit.
        config.put("mp.messaging.incoming.jobs.group.id", "delivery-mx-test");
        return config;
    }

    @Override
    public void stop() {
        for (AutoCloseable c : new AutoCloseable[] {peer, heloOnly, noPipelining, dropping, busy, dns, otlp}) {
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
