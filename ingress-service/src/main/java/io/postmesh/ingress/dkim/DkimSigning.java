package io.postmesh.ingress.dkim;

import io.postmesh.ingress.config.IngressConfig;
import io.postmesh.ingress.policy.Cidr;
import io.postmesh.ingress.processing.HeaderSection;
import io.postmesh.model.Envelope;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Signs outgoing mail with the key of its From domain (RFC 6376, RFC 8463). Only mail we originate is
 * signed: from an authenticated client (submission, the HTTP API) or from a trusted network — as OpenDKIM
 * signs for its {@code InternalHosts} — never mail relayed to us from outside, whose From we cannot vouch for.
 *
 * <p>Keys are read once at start-up from their files (mounted secrets), so a missing or malformed key stops
 * the service instead of silently sending unsigned mail. {@link #sign} does CPU work: call it on a worker.
 */
@ApplicationScoped
public class DkimSigning {
    private static final Logger LOG = Logger.getLogger(DkimSigning.class);

    @Inject
    DkimConfig config;

    @Inject
    IngressConfig ingress;

    Clock clock = Clock.systemUTC();

    private volatile SigningDomains domains = new SigningDomains(Map.of(), Map.of());
    private volatile List<Cidr> internal = List.of();

    void onStart(@Observes StartupEvent event) {
        Map<String, SigningKey> keys = new HashMap<>();
        config.keys().forEach((domain, k) -> keys.put(domain.toLowerCase(Locale.ROOT), load(domain, k)));
        Map<String, String> mapping = new HashMap<>();
        config.domains().forEach((from, d) -> mapping.put(from.toLowerCase(Locale.ROOT), d.toLowerCase(Locale.ROOT)));
        domains = new SigningDomains(keys, mapping);
        List<String> trusted = ingress.trustedNetworks();
        internal = trusted.size() == 1 && "none".equalsIgnoreCase(trusted.get(0).strip())
                ? List.of() : trusted.stream().map(Cidr::parse).toList();
        if (!keys.isEmpty()) {
            LOG.infof("DKIM signing for %s", keys.keySet());
        }
    }

    private static SigningKey load(String domain, DkimConfig.Key k) {
        try {
            PrivateKey key = PemKeys.read(Path.of(k.keyFile()));
            DkimAlgorithm implied = DkimAlgorithm.forKey(key);
            DkimAlgorithm algorithm = k.algorithm().map(DkimAlgorithm::of).orElse(implied);
            if (algorithm != implied) {
                throw new IllegalArgumentException("DKIM key for " + domain + " is " + implied.tag()
                        + ", configured as " + algorithm.tag());
            }
            return new SigningKey(domain.toLowerCase(Locale.ROOT), k.selector(), algorithm, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the DKIM key of " + domain + " from " + k.keyFile(), e);
        }
    }

    /** The message with a DKIM-Signature field on top, or the same bytes when it is not ours to sign. */
    public byte[] sign(Envelope envelope, byte[] content) throws GeneralSecurityException {
        if (!config.enabled() || domains.isEmpty() || !originatedHere(envelope)) {
            return content;
        }
        Optional<SigningKey> key = HeaderSection.parse(content).firstValue("From").flatMap(domains::forFrom);
        if (key.isEmpty()) {
            return content;
        }
        byte[] field = DkimSigner.sign(content, key.get(), clock.instant().getEpochSecond())
                .getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[field.length + content.length];
        System.arraycopy(field, 0, signed, 0, field.length);
        System.arraycopy(content, 0, signed, field.length, content.length);
        return signed;
    }

    private boolean originatedHere(Envelope envelope) {
        if (envelope.authUser() != null) {
            return true;
        }
        String client = envelope.clientAddress();
        if (client == null || client.isEmpty()) {
            return false;
        }
        try {
            // A numeric literal: getByName does not resolve it.
            InetAddress address = InetAddress.getByName(client);
            return internal.stream().anyMatch(c -> c.contains(address));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
