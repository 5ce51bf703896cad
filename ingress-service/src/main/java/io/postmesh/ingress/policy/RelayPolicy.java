package io.postmesh.ingress.policy;

import io.postmesh.ingress.smtp.protocol.Mailbox;
import java.net.IDN;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The relay rule (Postfix's {@code permit_mynetworks, reject_unauth_destination}): a client in the trusted
 * networks may send to any domain; anyone else only to the relay domains.
 *
 * <p>Address tricks must not open a relay. The session has already dropped source routes
 * (RFC 5321 §4.1.1.3), so {@code <@relay.test:u@elsewhere>} is judged by {@code elsewhere}. For an untrusted
 * client a local part holding the old routing characters {@code %} or {@code !}, or an {@code @} inside a
 * quoted local part, is refused even in a relay domain (Postfix {@code allow_untrusted_routing = no}): a
 * host behind us might still route {@code user%elsewhere@relay.test} onwards. Address literals are never
 * relay domains. Relay domains match exactly, not their subdomains.
 */
public final class RelayPolicy implements RcptHook {
    private final Set<String> relayDomains;
    private final List<Cidr> trustedNetworks;

    public RelayPolicy(Iterable<String> relayDomains, List<Cidr> trustedNetworks) {
        Set<String> domains = new HashSet<>();
        for (String d : relayDomains) {
            if (!d.isBlank()) {
                String domain = normalise(d.strip());
                if (domain == null) {
                    throw new IllegalArgumentException("not a domain name: " + d);
                }
                domains.add(domain);
            }
        }
        this.relayDomains = Set.copyOf(domains);
        this.trustedNetworks = List.copyOf(trustedNetworks);
    }

    /**
     * Builds the policy from configuration: {@code trusted} is a list of CIDRs, or the single word
     * {@code none} to trust nobody (loopback included).
     */
    public static RelayPolicy fromConfig(List<String> relayDomains, List<String> trusted) {
        return fromConfig(relayDomains, Optional.empty(), trusted);
    }

    /**
     * As {@link #fromConfig(List, List)}, with the bounce domain accepted from anyone too: remote MTAs send their
     * asynchronous bounces to our VERP reverse paths there, and they are never trusted clients.
     */
    public static RelayPolicy fromConfig(List<String> relayDomains, Optional<String> bounceDomain,
                                         List<String> trusted) {
        List<String> domains = new ArrayList<>(relayDomains);
        bounceDomain.filter(d -> !d.isBlank()).ifPresent(domains::add);
        return fromTrusted(domains, trusted);
    }

    private static RelayPolicy fromTrusted(List<String> relayDomains, List<String> trusted) {
        List<Cidr> networks = new ArrayList<>();
        boolean none = trusted.size() == 1 && trusted.get(0).strip().equalsIgnoreCase("none");
        if (!none) {
            for (String t : trusted) {
                if (!t.isBlank()) {
                    networks.add(Cidr.parse(t));
                }
            }
        }
        return new RelayPolicy(relayDomains, networks);
    }

    @Override
    public HookResult onRcpt(InetAddress client, Mailbox recipient) {
        if (trusted(client)) {
            return HookResult.OK;
        }
        if (recipient.addressLiteral() || hasRoutingCharacters(recipient.localPart())) {
            return HookResult.DENY;
        }
        String domain = normalise(recipient.domain());
        return domain != null && relayDomains.contains(domain) ? HookResult.OK : HookResult.DENY;
    }

    public boolean trusted(InetAddress client) {
        for (Cidr network : trustedNetworks) {
            if (network.contains(client)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasRoutingCharacters(String localPart) {
        return localPart.indexOf('%') >= 0 || localPart.indexOf('!') >= 0 || localPart.indexOf('@') >= 0;
    }

    /** Lower-case A-label form, so that U-labels and A-labels of one domain compare equal; null if invalid. */
    private static String normalise(String domain) {
        try {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
