package io.postmesh.delivery.tls;

import java.util.concurrent.CompletionStage;

/**
 * Decides the TLS policy of a destination domain before its MX hosts are contacted. The seam for policy
 * sources: {@link ConfiguredTlsPolicies} reads the config; an MTA-STS resolver (RFC 8461, package
 * {@code io.postmesh.delivery.mtasts}) can wrap it and return {@link TlsLevel#VERIFY} for domains with an
 * {@code enforce} policy. The stage may complete on any thread; the caller moves back to its own context.
 */
public interface TlsPolicyResolver {

    CompletionStage<TlsPolicy> policyFor(String domain);
}
