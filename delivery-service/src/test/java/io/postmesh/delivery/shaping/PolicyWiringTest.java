package io.postmesh.delivery.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.mtasts.MtaStsMode;
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
