package io.postmesh.delivery.shaping;

import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.https.TestHttpsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Test resource for the CDI wiring of MTA-STS and shaping: a DNS server and an HTTPS policy host for
 * {@code wired.test}, and a shaping rules file with one provider rule.
 */
public class PolicyInfra implements QuarkusTestResourceLifecycleManager {
    static volatile TestDnsServer dns;
    static volatile TestHttpsServer https;
    private Path rules;

    @Override
    public Map<String, String> start() {
        dns = TestDnsServer.start(new Zones()
                .txt("_mta-sts.wired.test", "v=STSv1; id=1;").a("mta-sts.wired.test", "127.0.0.1"));
        https = TestHttpsServer.start("mta-sts.wired.test");
        https.respond("mta-sts.wired.test", "/.well-known/mta-sts.txt", TestHttpsServer.Response.ok("text/plain",
                "version: STSv1\nmode: enforce\nmx: *.wired.test\nmax_age: 600\n"));
        try {
            rules = Files.createTempFile("postmesh-shaping-", ".yaml");
            Files.writeString(rules, """
                    providers:
                      - name: wiredmail
                        mx-suffixes: [wired.test]
                        max-connections: 2
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("postmesh.delivery.dns.server", dns.hostPort());
        config.put("postmesh.delivery.mta-sts.https-port", Integer.toString(https.port()));
        config.put("postmesh.delivery.mta-sts.trust-store", https.trustStore().toString());
        config.put("postmesh.delivery.mta-sts.trust-store-password", TestHttpsServer.PASSWORD);
        config.put("postmesh.delivery.shaping.rules-file", rules.toString());
        config.put("postmesh.delivery.shaping.connection-lease", "20s");
        // Own consumer groups that start at the end: jobs of other test classes are not ours.
        config.put("mp.messaging.incoming.jobs.group.id", "delivery-policy-test");
        config.put("mp.messaging.incoming.jobs.auto.offset.reset", "latest");
        config.put("mp.messaging.incoming.transactional-jobs.group.id", "delivery-policy-test-transactional");
        config.put("mp.messaging.incoming.transactional-jobs.auto.offset.reset", "latest");
        return config;
    }

    @Override
    public void stop() {
        if (https != null) {
            https.close();
        }
        if (dns != null) {
            dns.close();
        }
        try {
            if (rules != null) {
                Files.deleteIfExists(rules);
            }
        } catch (IOException ignored) {
            // A leftover temp file is harmless.
        }
    }
}
