package io.postmesh.delivery.mtasts;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The two DNS questions MTA-STS asks, through the same dnsjava {@link Resolver} as MX resolution (built by
 * {@code MxResolver.resolverFor} from {@code postmesh.delivery.dns.*}): the {@code _mta-sts} TXT record and the
 * addresses of the {@code mta-sts} policy host. Non-blocking ({@link Resolver#sendAsync}); any failure reads as
 * "no answer", because RFC 8461 §5.1 treats a missing and an unobtainable record alike.
 */
final class StsDns {
    private final Resolver resolver;
    private final Executor executor;

    StsDns(Resolver resolver, Executor executor) {
        this.resolver = resolver;
        this.executor = executor;
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
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(List.of());
        }
        return resolver.sendAsync(query, executor).handle((response, error) ->
                error != null || response.getRcode() != Rcode.NOERROR ? List.of() : response.getSection(Section.ANSWER));
    }
}
