package io.postmesh.delivery.mx;

import io.postmesh.delivery.mx.CachingDns.Answer;
import io.postmesh.delivery.mx.MxResolution.Failure;
import io.postmesh.delivery.mx.MxResolution.MxHost;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds the hosts that receive mail for a domain: the MX query, then A and AAAA queries for each
 * exchanger, all through {@link CachingDns} (non-blocking, answers cached for their TTL) so no event-loop thread
 * waits for DNS. The meaning of the answers lives in {@link MxAnswer}; the order of hosts in {@link MxOrdering}.
 */
public final class MxResolver {
    private final CachingDns dns;
    private final MxOrdering ordering;
    private final int maxHosts;

    /**
     * @param resolver where queries go
     * @param ordering order among MX hosts
     * @param maxHosts at most this many hosts are resolved (and later tried)
     * @param executor runs the completion stages (dnsjava's own I/O thread must not do our work)
     */
    public MxResolver(Resolver resolver, MxOrdering ordering, int maxHosts, Executor executor) {
        this(resolver, ordering, maxHosts, executor, Clock.systemUTC());
    }

    MxResolver(Resolver resolver, MxOrdering ordering, int maxHosts, Executor executor, Clock clock) {
        this(new CachingDns(resolver, executor, clock), ordering, maxHosts);
    }

    /** Over a query layer shared with other DNS users of the service. */
    public MxResolver(CachingDns dns, MxOrdering ordering, int maxHosts) {
        this.dns = dns;
        this.ordering = ordering;
        this.maxHosts = maxHosts;
    }

    /**
     * The executor for DNS replies: one daemon thread shared by all resolvers. Not the common ForkJoinPool: with
     * fewer than three cores its parallelism is 1, and {@code CompletableFuture} then runs every async stage on a
     * new thread (one thread started per DNS reply, measured as a top cost of delivery on two cores).
     */
    public static Executor replies() {
        return Replies.EXECUTOR;
    }

    private static final class Replies {
        static final Executor EXECUTOR = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "dns-replies");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A resolver for {@code HOST:PORT} ({@code [v6]:PORT} too), or the system's first resolver if empty. */
    public static Resolver resolverFor(Optional<String> server, Duration timeout) {
        try {
            SimpleResolver simple;
            String spec = server.map(String::trim).orElse("");
            if (spec.isEmpty()) {
                simple = new SimpleResolver();
            } else {
                int colon = spec.lastIndexOf(':');
                if (colon < 0) {
                    simple = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(spec), 53));
                } else {
                    String host = spec.substring(0, colon).replace("[", "").replace("]", "");
                    int port = Integer.parseInt(spec.substring(colon + 1));
                    // getByName on a literal never touches DNS; a name here would be resolved once, at start.
                    simple = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
                }
            }
            simple.setTimeout(timeout);
            return simple;
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("postmesh.delivery.dns.server is not HOST:PORT: " + server, e);
        }
    }

    public CompletionStage<MxResolution> resolve(String domain) {
        Name name;
        try {
            name = Name.fromString(domain, Name.root);
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(
                    Failure.permanent("5.1.2", "not a valid domain name: " + domain));
        }
        return dns.query(name, Type.MX).thenCompose(answer -> {
            if (answer.error() != null) {
                return CompletableFuture.completedFuture(
                        Failure.temporary("4.4.3", "DNS lookup of MX for " + domain + " failed: " + answer.error()));
            }
            List<MxRecord> records = new ArrayList<>();
            for (Record r : answer.records()) {
                if (r instanceof MXRecord mx) {
                    records.add(new MxRecord(mx.getTarget().toString(true), mx.getPriority()));
                }
            }
            MxAnswer meaning = MxAnswer.interpret(domain, answer.rcode(), records);
            if (meaning instanceof MxAnswer.Failed failed) {
                return CompletableFuture.completedFuture(failed.failure());
            }
            List<String> names = meaning instanceof MxAnswer.Exchangers ex
                    ? ordering.order(ex.records())
                    : List.of(domain);
            return addressesOf(domain, names.subList(0, Math.min(maxHosts, names.size())));
        });
    }

    private CompletionStage<MxResolution> addressesOf(String domain, List<String> hostNames) {
        List<CompletableFuture<HostLookup>> lookups = hostNames.stream()
                .map(h -> lookupHost(h).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<MxHost> hosts = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            boolean temporary = false;
            for (CompletableFuture<HostLookup> f : lookups) {
                HostLookup lookup = f.join();
                if (!lookup.host().addresses().isEmpty()) {
                    hosts.add(lookup.host());
                } else {
                    temporary |= lookup.temporary();
                    problems.add(lookup.host().name() + ": " + lookup.problem());
                }
            }
            if (!hosts.isEmpty()) {
                return new MxResolution.Hosts(hosts);
            }
            String text = "no address for the mail hosts of " + domain + " (" + String.join("; ", problems) + ")";
            // RFC 3463 §3.5: X.4.4 "unable to route"; transient when a lookup failed rather than said "none".
            return temporary ? Failure.temporary("4.4.3", text) : Failure.permanent("5.4.4", text);
        });
    }

    private CompletionStage<HostLookup> lookupHost(String host) {
        Name name;
        try {
            name = Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(
                    new HostLookup(new MxHost(host, List.of()), false, "invalid host name"));
        }
        CompletableFuture<Answer> a = dns.query(name, Type.A).toCompletableFuture();
        CompletableFuture<Answer> aaaa = dns.query(name, Type.AAAA).toCompletableFuture();
        return a.thenCombine(aaaa, (v4, v6) -> {
            List<InetAddress> addresses = new ArrayList<>();
            // IPv4 first: on dual-stack hosts it is the path most receivers handle best today.
            addAddresses(v4, addresses);
            addAddresses(v6, addresses);
            boolean temporary = v4.failed() || v6.failed();
            String problem = temporary ? "lookup failed: " + describe(v4) + "/" + describe(v6) : "no A or AAAA records";
            return new HostLookup(new MxHost(host, addresses), temporary, problem);
        });
    }

    private static void addAddresses(Answer answer, List<InetAddress> into) {
        for (Record r : answer.records()) {
            if (r instanceof ARecord ar) {
                into.add(ar.getAddress());
            } else if (r instanceof AAAARecord aaaa) {
                into.add(aaaa.getAddress());
            }
        }
    }

    private static String describe(Answer answer) {
        return answer.error() != null ? answer.error() : MxAnswer.rcodeName(answer.rcode());
    }

    private record HostLookup(MxHost host, boolean temporary, String problem) {}
}
