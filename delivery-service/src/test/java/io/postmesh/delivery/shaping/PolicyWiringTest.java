package io.postmesh.delivery.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.postmesh.delivery.mtasts.MtaStsMode;
import io.postmesh.delivery.pool.DeliveryPermits;
import io.postmesh.delivery.tls.TlsLevel;
import io.postmesh.delivery.tls.TlsPolicy;
import io.postmesh.delivery.tls.TlsPolicyResolver;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import io.postmesh.delivery.mtasts.MtaStsPolicies;
import io.postmesh.delivery.mtasts.MtaStsPolicy;
import io.postmesh.testing.quarkus.PipelineInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The running service builds both capabilities from its configuration: the MTA-STS lookup goes to the configured
 * DNS server and policy port, and the shaper reads the configured rules file and uses the service's Redis.
 */
@QuarkusTest
@WithTestResource(PipelineInfra.class)
@WithTestResource(PolicyInfra.class)
class PolicyWiringTest {

    @Inject
    MtaStsPolicies policies;

    @Inject
    Shaper shaper;

    @Inject
    DeliveryPermits permits;

    @Inject
    TlsPolicyResolver tlsPolicies;

    @Test
    void theTransportGetsShapedPermitsAndMtaStsAwareTlsPolicies() throws Exception {
        TlsPolicy policy = tlsPolicies.policyFor("wired.test").toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(policy.level()).isEqualTo(TlsLevel.VERIFY);
        assertThat(policy.mx().enforced()).isTrue();
        assertThat(policy.mx().permits("mx1.wired.test")).isTrue();
        assertThat(policy.mx().permits("mx1.elsewhere.test")).isFalse();

        // The rules file allows 2 connections to the wiredmail site: the third is denied, and counted.
        String site = "mx-" + UUID.randomUUID() + ".wired.test";
        DeliveryPermits.PermitRequest request = new DeliveryPermits.PermitRequest(site, site, "127.0.0.1",
                "pool-" + UUID.randomUUID(), "t", 0);
        permits.connection(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
        permits.connection(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(permits.connection(request).toCompletableFuture()).failsWithin(Duration.ofSeconds(30))
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(DeliveryPermits.PermitDenied.class, d -> {
                    assertThat(d.status()).isEqualTo("4.7.0");
                    assertThat(d.limit()).isEqualTo(HeldBack.MAX_CONNECTIONS);
                });
        RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("postmesh_shaping_held_total{limit=\"max-connections\""));
    }

    @Test
    void mtaStsPolicyIsFoundThroughTheConfiguredResolverAndPort() throws Exception {
        MtaStsPolicy policy = get(policies.policyFor("wired.test")).orElseThrow();
        assertThat(policy.mode()).isEqualTo(MtaStsMode.ENFORCE);
        assertThat(policy.permits("mx1.wired.test")).isTrue();
        assertThat(policy.permits("mx1.elsewhere.test")).isFalse();
    }

    @Test
    void shaperUsesTheRulesFileAndRedis() throws Exception {
        // A fresh MX host under the provider's suffix, so reruns against the shared Redis start clean.
        Site site = shaper.siteFor(List.of("mx-" + UUID.randomUUID() + ".wired.test"));
        assertThat(site.name()).isEqualTo("provider:wiredmail");
        String source = "src-" + UUID.randomUUID();
        ConnectionPermit first = (ConnectionPermit) get(shaper.acquireConnection(site, source));
        assertThat(get(shaper.acquireConnection(site, source))).isInstanceOf(ConnectionPermit.class);
        assertThat(get(shaper.acquireConnection(site, source))).isInstanceOfSatisfying(HeldBack.class,
                h -> assertThat(h.limit()).isEqualTo(HeldBack.MAX_CONNECTIONS));
        get(shaper.release(first));
        assertThat(get(shaper.acquireConnection(site, source))).isInstanceOf(ConnectionPermit.class);
        // Sites without a rule keep the built-in defaults.
        assertThat(shaper.limitsFor(shaper.siteFor(List.of("mx.other.test"))).maxConnections()).isEqualTo(10);
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
