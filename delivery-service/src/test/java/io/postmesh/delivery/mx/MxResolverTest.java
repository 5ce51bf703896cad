package io.postmesh.delivery.mx;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.mx.MxResolution.Failure;
import io.postmesh.delivery.mx.MxResolution.Hosts;
import io.postmesh.delivery.mx.MxResolution.MxHost;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link MxResolver} with dnsjava against the test kit's real DNS server on loopback. */
class MxResolverTest {
    private static TestDnsServer dns;
    private static MxResolver resolver;

    @BeforeAll
    static void start() {
        Zones zones = new Zones()
                .mx("multi.test", 20, "b.multi.test").mx("multi.test", 10, "a.multi.test")
                .a("a.multi.test", "127.0.0.10").a("a.multi.test", "127.0.0.11").aaaa("a.multi.test", "::1")
                .a("b.multi.test", "127.0.0.12")
                .mx("noaddr.test", 10, "ghost.noaddr.test").txt("noaddr.test", "v=spf1 -all")
                .mx("brokenhost.test", 10, "sick.brokenhost.test").servfail("sick.brokenhost.test")
                .mx("partly.test", 10, "gone.partly.test").mx("partly.test", 20, "ok.partly.test")
                .a("ok.partly.test", "127.0.0.13")
                .txt("nodata.test", "no mail records here");
        for (int i = 1; i <= 7; i++) {
            zones.mx("many.test", i, "mx" + i + ".many.test").a("mx" + i + ".many.test", "127.0.1." + i);
        }
        dns = TestDnsServer.start(zones);
        resolver = new MxResolver(MxResolver.resolverFor(Optional.of(dns.hostPort()), Duration.ofSeconds(3)),
                new MxOrdering(new Random(1)), 5, Runnable::run);
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Test
    void hostsInPreferenceOrderWithIpv4ThenIpv6() throws Exception {
        Hosts hosts = (Hosts) resolve("multi.test");
        assertThat(hosts.hosts()).extracting(MxHost::name).containsExactly("a.multi.test", "b.multi.test");
        assertThat(hosts.hosts().get(0).addresses()).containsExactly(ip("127.0.0.10"), ip("127.0.0.11"), ip("::1"));
        assertThat(hosts.hosts().get(1).addresses()).containsExactly(ip("127.0.0.12"));
    }

    @Test
    void atMostFiveHosts() throws Exception {
        Hosts hosts = (Hosts) resolve("many.test");
        assertThat(hosts.hosts()).extracting(MxHost::name)
                .containsExactly("mx1.many.test", "mx2.many.test", "mx3.many.test", "mx4.many.test", "mx5.many.test");
    }

    @Test
    void hostsWithoutAddressAreSkipped() throws Exception {
        Hosts hosts = (Hosts) resolve("partly.test");
        assertThat(hosts.hosts()).extracting(MxHost::name).containsExactly("ok.partly.test");
    }

    @Test
    void noAddressForAnyHostIsPermanent() throws Exception {
        assertThat(resolve("noaddr.test")).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.permanent()).isTrue();
            assertThat(f.status()).isEqualTo("5.4.4");
            assertThat(f.text()).contains("ghost.noaddr.test");
        });
    }

    @Test
    void failingAddressLookupIsTemporary() throws Exception {
        assertThat(resolve("brokenhost.test")).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.permanent()).isFalse();
            assertThat(f.status()).isEqualTo("4.4.3");
        });
    }

    @Test
    void domainWithoutMxOrAddressIsPermanent() throws Exception {
        // NODATA for MX → implicit MX (the domain itself), which has no A/AAAA either.
        assertThat(resolve("nodata.test")).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.status()).isEqualTo("5.4.4"));
    }

    @Test
    void unreachableResolverIsTemporary() throws Exception {
        // A UDP port on loopback where nothing answers: the query times out.
        MxResolver silent = new MxResolver(MxResolver.resolverFor(Optional.of("127.0.0.1:9"), Duration.ofMillis(500)),
                new MxOrdering(new Random(1)), 5, Runnable::run);
        assertThat(silent.resolve("multi.test").toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(Failure.class, f -> {
                    assertThat(f.permanent()).isFalse();
                    assertThat(f.status()).isEqualTo("4.4.3");
                });
    }

    private static MxResolution resolve(String domain) throws Exception {
        return resolver.resolve(domain).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void answersAreReusedForTheirTtlAndFailuresAreAskedAgain() throws Exception {
        Zones zones = new Zones()
                .ttl(300).mx("cached.test", 10, "old.cached.test").a("old.cached.test", "127.0.0.20")
                .ttl(0).mx("uncached.test", 10, "old.uncached.test").a("old.uncached.test", "127.0.0.21")
                .ttl(60).servfail("flaky.test");
        try (TestDnsServer server = TestDnsServer.start(zones)) {
            MxResolver cachingResolver = new MxResolver(
                    MxResolver.resolverFor(Optional.of(server.hostPort()), Duration.ofSeconds(3)),
                    new MxOrdering(new Random(1)), 5, Runnable::run);
            assertThat(hostNames(cachingResolver, "cached.test")).containsExactly("old.cached.test");
            assertThat(hostNames(cachingResolver, "uncached.test")).containsExactly("old.uncached.test");
            assertThat(cachingResolver.resolve("flaky.test").toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(MxResolution.Failure.class);

            // The zones change: a 300 s answer is still served from the cache, a 0 s answer and a failure are not.
            server.zones().clear("cached.test").mx("cached.test", 10, "new.cached.test").a("new.cached.test", "127.0.0.22");
            server.zones().clear("uncached.test").mx("uncached.test", 10, "new.uncached.test")
                    .a("new.uncached.test", "127.0.0.23");
            server.zones().clear("flaky.test").mx("flaky.test", 10, "mx.flaky.test").a("mx.flaky.test", "127.0.0.24");

            assertThat(hostNames(cachingResolver, "cached.test")).containsExactly("old.cached.test");
            assertThat(hostNames(cachingResolver, "uncached.test")).containsExactly("new.uncached.test");
            assertThat(hostNames(cachingResolver, "flaky.test")).containsExactly("mx.flaky.test");
        }
    }

    private static List<String> hostNames(MxResolver r, String domain) throws Exception {
        return ((Hosts) r.resolve(domain).toCompletableFuture().get(10, TimeUnit.SECONDS)).hosts().stream()
                .map(MxHost::name).toList();
    }
}
