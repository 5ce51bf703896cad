package io.postmesh.delivery.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.https.TestHttpsServer;
import io.postmesh.testing.https.TestHttpsServer.Response;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MtaStsPolicies} against the test kit's DNS server and an HTTPS policy server on loopback with a
 * self-signed certificate for the {@code mta-sts.*} names (not for {@code mta-sts.wrongcert.test}).
 */
class MtaStsPoliciesTest {
    private static final String PATH = PolicyFetcher.PATH;
    private static final String TEXT = "text/plain";
    /** Past the test zone's 60 s TTL and the 60 s a negative answer without SOA is kept: DNS is asked again. */
    private static final Duration PAST_TXT_TTL = Duration.ofSeconds(61);

    private static TestDnsServer dns;
    private static TestHttpsServer https;
    private static Vertx vertx;
    private static MtaStsPolicies policies;
    private static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void start() {
        String[] domains = {"enforce.test", "testing.test", "none.test", "bad.test", "missing.test",
            "redirect.test", "html.test", "big.test", "rotate.test", "keep.test", "notxt.test", "wrongcert.test"};
        Zones zones = new Zones();
        for (String d : domains) {
            zones.txt("_mta-sts." + d, "v=STSv1; id=first;").a("mta-sts." + d, "127.0.0.1");
        }
        zones.clear("_mta-sts.notxt.test");
        dns = TestDnsServer.start(zones);
        https = TestHttpsServer.start(java.util.Arrays.stream(domains)
                .filter(d -> !d.equals("wrongcert.test")).map(d -> "mta-sts." + d).toArray(String[]::new));
        serve("enforce.test", "version: STSv1\r\nmode: enforce\r\nmx: mx.enforce.test\r\nmx: *.backup.test\r\n"
                + "max_age: 86400\r\n");
        serve("testing.test", "version: STSv1\nmode: testing\nmx: mx.testing.test\nmax_age: 3600\n");
        serve("none.test", "version: STSv1\nmode: none\nmax_age: 3600\n");
        serve("bad.test", "version: STSv1\nmode: sometimes\nmx: mx.bad.test\nmax_age: 3600\n");
        serve("notxt.test", "version: STSv1\nmode: enforce\nmx: mx.notxt.test\nmax_age: 3600\n");
        serve("wrongcert.test", "version: STSv1\nmode: enforce\nmx: mx.wrongcert.test\nmax_age: 3600\n");
        https.respond("mta-sts.redirect.test", PATH,
                Response.status(301, Map.of("Location", "https://mta-sts.enforce.test" + PATH)));
        https.respond("mta-sts.html.test", PATH,
                Response.ok("text/html", "version: STSv1\nmode: enforce\nmx: mx.html.test\nmax_age: 3600\n"));
        https.respond("mta-sts.big.test", PATH, Response.ok(TEXT,
                "version: STSv1\nmode: enforce\nmx: mx.big.test\nmax_age: 3600\n" + "x: y\n".repeat(14_000)));
        vertx = Vertx.vertx();
        policies = MtaStsBeans.create(vertx, Optional.of(dns.hostPort()), Duration.ofSeconds(3), config(), CLOCK);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        https.close();
        dns.close();
    }

    @Test
    void enforcePolicyAllowsOnlyItsMxHosts() throws Exception {
        MtaStsPolicy policy = policyFor("enforce.test").orElseThrow();
        assertThat(policy.mode()).isEqualTo(MtaStsMode.ENFORCE);
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(1));
        assertThat(policy.permits("mx.enforce.test")).isTrue();
        assertThat(policy.permits("mx2.backup.test")).isTrue();
        assertThat(policy.permits("mx.attacker.test")).isFalse();
        assertThat(policy.requiresValidatedTls()).isTrue();
    }

    @Test
    void testingAndNonePoliciesAreReturnedButNotEnforced() throws Exception {
        MtaStsPolicy testing = policyFor("testing.test").orElseThrow();
        assertThat(testing.mode()).isEqualTo(MtaStsMode.TESTING);
        assertThat(testing.enforced()).isFalse();
        assertThat(testing.permits("mx.other.test")).isFalse();
        MtaStsPolicy none = policyFor("none.test").orElseThrow();
        assertThat(none.mode()).isEqualTo(MtaStsMode.NONE);
        assertThat(none.permits("mx.other.test")).isTrue();
    }

    @Test
    void invalidOrUnobtainablePoliciesMeanNoPolicy() throws Exception {
        assertThat(policyFor("bad.test")).as("mode: sometimes").isEmpty();
        assertThat(policyFor("missing.test")).as("404").isEmpty();
        assertThat(policyFor("redirect.test")).as("301 is not followed").isEmpty();
        assertThat(policyFor("html.test")).as("text/html").isEmpty();
        assertThat(policyFor("big.test")).as("body over 64 KB").isEmpty();
        assertThat(policyFor("wrongcert.test")).as("certificate not valid for the name").isEmpty();
        assertThat(https.requests("mta-sts.missing.test", PATH)).isEqualTo(1);
        assertThat(https.requests("mta-sts.enforce.test", PATH)).as("the redirect target").isLessThanOrEqualTo(1);
    }

    @Test
    void withoutTxtRecordNothingIsFetched() throws Exception {
        assertThat(policyFor("notxt.test")).isEmpty();
        assertThat(https.requests("mta-sts.notxt.test", PATH)).isZero();
    }

    @Test
    void domainWithoutRecordIsAskedForItOnceWithinTheNegativeTtl() throws Exception {
        // 300 msg/s to one domain used to mean 300 TXT queries/s (issue 8); NXDOMAIN is kept (RFC 2308 §5).
        assertThat(policyFor("plain.test")).isEmpty();
        assertThat(policyFor("plain.test")).isEmpty();
        assertThat(dns.queries("_mta-sts.plain.test", "TXT")).isEqualTo(1);
        assertThat(https.requests("mta-sts.plain.test", PATH)).isZero();
    }

    @Test
    void policyIsFetchedAgainOnlyWhenTheIdChanges() throws Exception {
        serve("rotate.test", "version: STSv1\nmode: testing\nmx: old.rotate.test\nmax_age: 86400\n");
        assertThat(policyFor("rotate.test").orElseThrow().permits("old.rotate.test")).isTrue();
        assertThat(policyFor("rotate.test").orElseThrow().permits("old.rotate.test")).isTrue();
        assertThat(https.requests("mta-sts.rotate.test", PATH)).isEqualTo(1);

        serve("rotate.test", "version: STSv1\nmode: enforce\nmx: new.rotate.test\nmax_age: 86400\n");
        dns.zones().clear("_mta-sts.rotate.test").txt("_mta-sts.rotate.test", "v=STSv1; id=second;");
        // The old TXT answer is reused for its TTL (RFC 8461 §3.1): the new id is seen once it has passed.
        assertThat(policyFor("rotate.test").orElseThrow().permits("old.rotate.test")).isTrue();
        CLOCK.advance(PAST_TXT_TTL);
        MtaStsPolicy rotated = policyFor("rotate.test").orElseThrow();
        assertThat(rotated.mode()).isEqualTo(MtaStsMode.ENFORCE);
        assertThat(rotated.permits("new.rotate.test")).isTrue();
        assertThat(rotated.permits("old.rotate.test")).isFalse();
        assertThat(https.requests("mta-sts.rotate.test", PATH)).isEqualTo(2);
    }

    @Test
    void cachedPolicyIsKeptWhenTheFetchFailsOrTheRecordGoesAwayUntilMaxAge() throws Exception {
        serve("keep.test", "version: STSv1\nmode: enforce\nmx: mx.keep.test\nmax_age: 3600\n");
        assertThat(policyFor("keep.test")).isPresent();

        // A new id but the policy host fails: the cached policy stays in force (RFC 8461 §5.1).
        https.forget("mta-sts.keep.test", PATH);
        dns.zones().clear("_mta-sts.keep.test").txt("_mta-sts.keep.test", "v=STSv1; id=second;");
        CLOCK.advance(PAST_TXT_TTL);
        assertThat(policyFor("keep.test")).hasValueSatisfying(p -> assertThat(p.permits("mx.keep.test")).isTrue());
        // The TXT record is stripped (or its lookup fails): still the cached policy.
        dns.zones().clear("_mta-sts.keep.test");
        CLOCK.advance(PAST_TXT_TTL);
        assertThat(policyFor("keep.test")).isPresent();
        dns.zones().servfail("_mta-sts.keep.test");
        CLOCK.advance(PAST_TXT_TTL);
        assertThat(policyFor("keep.test")).isPresent();
        // After max_age the cached policy is gone.
        CLOCK.advance(Duration.ofSeconds(3601));
        assertThat(policyFor("keep.test")).isEmpty();
    }

    private static void serve(String domain, String policy) {
        https.respond("mta-sts." + domain, PATH, Response.ok(TEXT + "; charset=utf-8", policy));
    }

    private static Optional<MtaStsPolicy> policyFor(String domain) throws Exception {
        return policies.policyFor(domain).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static MtaStsConfig config() {
        return TestStsConfig.against(https);
    }

    /** A clock the test moves forward, for max_age expiry. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override public Instant instant() {
            return now;
        }
    }
}
