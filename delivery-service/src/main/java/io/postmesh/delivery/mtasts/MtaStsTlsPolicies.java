package io.postmesh.delivery.mtasts;

import io.postmesh.delivery.tls.MxPolicy;
import io.postmesh.delivery.tls.TlsLevel;
import io.postmesh.delivery.tls.TlsPolicy;
import io.postmesh.delivery.tls.TlsPolicyResolver;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The TLS policy of a domain with its MTA-STS policy (RFC 8461) laid over the configured one:
 * <ul>
 *   <li>{@code enforce}: only MX hosts matching the policy's {@code mx} patterns (§4.1), each over STARTTLS
 *       with a certificate valid for the MX name, i.e. level {@link TlsLevel#VERIFY} (§4.2); a job with no
 *       such host is deferred (§5), never sent in cleartext or to an unlisted MX;</li>
 *   <li>{@code testing}: the configured level, every MX; what enforce would have refused is reported on the
 *       span (§5);</li>
 *   <li>{@code none} or no policy: the configured policy.</li>
 * </ul>
 * A failed lookup (DNS down) counts as no policy, as §5.1 says for a domain without a cached policy; the
 * cache of {@link MtaStsPolicies} keeps a known policy in force through such failures.
 */
public final class MtaStsTlsPolicies implements TlsPolicyResolver {
    private static final Logger LOG = Logger.getLogger(MtaStsTlsPolicies.class);

    private final TlsPolicyResolver configured;
    private final MtaStsPolicies policies;

    public MtaStsTlsPolicies(TlsPolicyResolver configured, MtaStsPolicies policies) {
        this.configured = configured;
        this.policies = policies;
    }

    @Override
    public CompletionStage<TlsPolicy> policyFor(String domain) {
        Future<TlsPolicy> base = Future.fromCompletionStage(configured.policyFor(domain));
        Future<Optional<MtaStsPolicy>> sts = policies.policyFor(domain).recover(e -> {
            LOG.warnf("MTA-STS lookup for %s failed (%s); delivering as without a policy", domain, e.getMessage());
            return Future.succeededFuture(Optional.empty());
        });
        return base.compose(policy -> sts.map(found -> combine(policy, found))).toCompletionStage();
    }

    static TlsPolicy combine(TlsPolicy configured, Optional<MtaStsPolicy> found) {
        if (found.isEmpty() || found.get().mode() == MtaStsMode.NONE) {
            return configured;
        }
        MtaStsPolicy sts = found.get();
        MxPolicy mx = new MxPolicy(sts.mode().toString(), sts.enforced(), sts::permits);
        TlsLevel level = sts.requiresValidatedTls() ? configured.level().atLeast(TlsLevel.VERIFY) : configured.level();
        String source = sts.enforced() && level != configured.level() ? "mta-sts" : configured.source();
        return new TlsPolicy(level, source, mx);
    }
}
