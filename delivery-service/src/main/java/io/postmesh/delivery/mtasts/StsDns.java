package io.postmesh.delivery.mtasts;

import io.postmesh.delivery.mx.CachingDns;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The two DNS questions MTA-STS asks, through the same caching query layer as MX resolution ({@link CachingDns}
 * over the resolver {@code MxResolver.resolverFor} builds from {@code postmesh.delivery.dns.*}): the
 * {@code _mta-sts} TXT record and the addresses of the {@code mta-sts} policy host. Non-blocking; any failure
 * reads as "no answer", because RFC 8461 §5.1 treats a missing and an unobtainable record alike.
 */
final class StsDns {
    private final CachingDns dns;

    StsDns(CachingDns dns) {
        this.dns = dns;
    }

    /** Each TXT record of {@code name} with its character-strings joined; empty on NXDOMAIN or failure. */
    CompletionStage<List<String>> txt(String name) {
        return query(name, Type.TXT).thenApply(records -> {
            List<String> texts = new ArrayList<>();
            for (Record r : records) {
                if (r instanceof TXTRecord txt) {
                    texts.add(String.join("", txt.getStrings()));
                }
            }
            return texts;
        });
    }

    /** A then AAAA addresses of {@code host}; empty when it has none or the lookup failed. */
    CompletionStage<List<InetAddress>> addresses(String host) {
        CompletableFuture<List<Record>> v4 = query(host, Type.A).toCompletableFuture();
        CompletableFuture<List<Record>> v6 = query(host, Type.AAAA).toCompletableFuture();
        return v4.thenCombine(v6, (a, aaaa) -> {
            List<InetAddress> addresses = new ArrayList<>();
            for (Record r : a) {
                if (r instanceof ARecord ar) {
                    addresses.add(ar.getAddress());
                }
            }
            for (Record r : aaaa) {
                if (r instanceof AAAARecord ar) {
                    addresses.add(ar.getAddress());
                }
            }
            return addresses;
        });
    }

    private CompletionStage<List<Record>> query(String name, int type) {
        Name parsed;
        try {
            parsed = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(List.of());
        }
        // Cached for the record's TTL: policyFor asks for the TXT record once per message (RFC 8461 §3.1).
        return dns.query(parsed, type).thenApply(CachingDns.Answer::recordsIfAnswered);
    }
}
