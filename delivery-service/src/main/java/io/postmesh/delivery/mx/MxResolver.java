package io.postmesh.delivery.mx;

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
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds the hosts that receive mail for a domain: the MX query, then A and AAAA queries for each
 * exchanger, all with dnsjava's non-blocking {@link Resolver#sendAsync} so no event-loop thread waits for
 * DNS. Answers are cached for their TTL ({@link TtlCache}). The meaning of the answers lives in {@link MxAnswer}; the order of hosts in {@link MxOrdering}.
 */
public final class MxResolver {
    private final Resolver resolver;
    private final MxOrdering ordering;
    private final int maxHosts;
    private final Executor executor;
    private final TtlCache<String, Answer> cache;

    /** Longest an answer is cached whatever its TTL, and how many answers are kept. */
    static final Duration MAX_CACHE_TTL = Duration.ofHours(1);
    static final int MAX_CACHE_ENTRIES = 10_000;
    /** How long a negative answer without an SOA record is kept (RFC 2308 §5 wants some negative caching). */
    static final Duration NEGATIVE_TTL_WITHOUT_SOA = Duration.ofSeconds(60);

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
        this.resolver = resolver;
        this.ordering = ordering;
        this.maxHosts = maxHosts;
        this.executor = executor;
        this.cache = new TtlCache<>(clock, MAX_CACHE_TTL, MAX_CACHE_ENTRIES);
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
        return query(name, Type.MX).thenCompose(answer -> {
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
        CompletableFuture<Answer> a = query(name, Type.A).toCompletableFuture();
        CompletableFuture<Answer> aaaa = query(name, Type.AAAA).toCompletableFuture();
        return a.thenCombine(aaaa, (v4, v6) -> {
            List<InetAddress> addresses = new ArrayList<>();
            // IPv4 first: on dual-stack hosts it is the path most receivers handle best today.
            addAddresses(v4, addresses);
            addAddresses(v6, addresses);
            boolean temporary = isTemporary(v4) || isTemporary(v6);
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

    private static boolean isTemporary(Answer answer) {
        return answer.error() != null || (answer.rcode() != MxAnswer.NOERROR && answer.rcode() != MxAnswer.NXDOMAIN);
    }

    private static String describe(Answer answer) {
        return answer.error() != null ? answer.error() : MxAnswer.rcodeName(answer.rcode());
    }

    private CompletionStage<Answer> query(Name name, int type) {
        String key = name + "/" + Type.string(type);
        Optional<Answer> cached = cache.get(key);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        return resolver.sendAsync(query, executor).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                return new Answer(-1, List.of(), cause.getClass().getSimpleName()
                        + (cause.getMessage() != null ? " " + cause.getMessage() : ""));
            }
            Answer answer = new Answer(response.getRcode(), response.getSection(Section.ANSWER), null);
            ttlOf(response).ifPresent(ttl -> cache.put(key, answer, ttl));
            return answer;
        });
    }

    /**
     * How long an answer may be reused: the smallest TTL of its records; for a negative answer (NXDOMAIN, or
     * no records) the SOA's minimum (RFC 2308 §5), or a minute without one. Failures are never cached: the
     * next job asks again.
     */
    static Optional<Duration> ttlOf(Message response) {
        int rcode = response.getRcode();
        List<Record> answers = response.getSection(Section.ANSWER);
        if (rcode == MxAnswer.NOERROR && !answers.isEmpty()) {
            return Optional.of(Duration.ofSeconds(answers.stream().mapToLong(Record::getTTL).min().orElse(0)));
        }
        if (rcode == MxAnswer.NXDOMAIN || rcode == MxAnswer.NOERROR) {
            return Optional.of(response.getSection(Section.AUTHORITY).stream()
                    .filter(r -> r instanceof SOARecord)
                    .map(r -> Duration.ofSeconds(Math.min(r.getTTL(), ((SOARecord) r).getMinimum())))
                    .findFirst()
                    .orElse(NEGATIVE_TTL_WITHOUT_SOA));
        }
        return Optional.empty();
    }

    private record Answer(int rcode, List<Record> records, String error) {}

    private record HostLookup(MxHost host, boolean temporary, String problem) {}
}
