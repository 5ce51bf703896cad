package io.postmesh.testing.dns;

import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records a {@link TestDnsServer} answers with. Thread-safe: a test may change records while
 * the server runs, and the next query sees the change.
 *
 * <p>Names are compared case-insensitively (RFC 1035 §2.3.3) and a trailing dot is optional.
 */
public final class Zones {
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private volatile int ttl = 60;

    /** Adds an MX record: {@code domain} is served by {@code host} at {@code preference}. */
    public Zones mx(String domain, int preference, String host) {
        return add(domain, ZoneRecord.mx(ttl, preference, host));
    }

    /** Adds the RFC 7505 null MX ({@code MX 0 "."}): the domain accepts no mail. */
    public Zones nullMx(String domain) {
        return add(domain, ZoneRecord.mx(ttl, 0, "."));
    }

    /** Adds an A record; {@code ipv4} must be a dotted-quad literal. */
    public Zones a(String host, String ipv4) {
        return add(host, ZoneRecord.a(ttl, ipv4));
    }

    /** Adds an AAAA record; {@code ipv6} must be an IPv6 literal. */
    public Zones aaaa(String host, String ipv6) {
        return add(host, ZoneRecord.aaaa(ttl, ipv6));
    }

    /** Adds a TXT record holding {@code text} (split into 255-octet strings when longer). */
    public Zones txt(String name, String text) {
        return add(name, ZoneRecord.txt(ttl, text));
    }

    /** Makes every query for {@code name} answer SERVFAIL (rcode 2), whatever records it has. */
    public Zones servfail(String name) {
        nodes.compute(canonical(name), (key, node) -> node == null
                ? new Node(List.of(), true) : new Node(node.records(), true));
        return this;
    }

    /** Removes every record of {@code name} and its SERVFAIL mark: it answers NXDOMAIN again. */
    public Zones clear(String name) {
        nodes.remove(canonical(name));
        return this;
    }

    /** Sets the TTL of records added after this call (default 60 seconds). */
    public Zones ttl(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("TTL must not be negative: " + seconds);
        }
        this.ttl = seconds;
        return this;
    }

    /**
     * The answer to a question. A name with no records is NXDOMAIN (RFC 1035 §4.1.1, rcode 3);
     * a name with records of other types only is NODATA: NOERROR with an empty answer
     * (RFC 2308 §2.2).
     */
    Answer lookup(String name, DnsRecordType type) {
        Node node = nodes.get(canonical(name));
        if (node == null) {
            return new Answer(DnsResponseCode.NXDOMAIN, List.of());
        }
        if (node.servfail()) {
            return new Answer(DnsResponseCode.SERVFAIL, List.of());
        }
        if (node.records().isEmpty()) {
            return new Answer(DnsResponseCode.NXDOMAIN, List.of());
        }
        List<ZoneRecord> matching = node.records().stream().filter(r -> r.type().equals(type)).toList();
        return new Answer(DnsResponseCode.NOERROR, matching);
    }

    /** Lower case without the trailing dot; the root is the empty string. */
    static String canonical(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private Zones add(String name, ZoneRecord record) {
        nodes.compute(canonical(name), (key, node) -> {
            List<ZoneRecord> records = new ArrayList<>(node == null ? List.of() : node.records());
            records.add(record);
            return new Node(List.copyOf(records), node != null && node.servfail());
        });
        return this;
    }

    /** What a lookup found: the response code and the records of the asked type. */
    record Answer(DnsResponseCode code, List<ZoneRecord> records) {}

    /** Everything known about one owner name; replaced, never mutated, so readers need no lock. */
    private record Node(List<ZoneRecord> records, boolean servfail) {}
}
