package io.postmesh.testing.dns;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.AbstractDnsOptPseudoRrRecord;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers DNS queries from {@link Zones}, authoritatively. Shared by the UDP and the TCP pipeline;
 * only UDP answers are size-limited and truncated.
 */
@ChannelHandler.Sharable
final class DnsQueryHandler extends SimpleChannelInboundHandler<DnsQuery> {
    /** RFC 1035 §4.2.1: UDP messages are limited to 512 octets unless EDNS says more. */
    private static final int CLASSIC_UDP_LIMIT = 512;
    /** The payload size we advertise back in our own OPT record (RFC 6891 §6.2.5). */
    private static final int OUR_UDP_PAYLOAD = 1232;
    private static final int HEADER_SIZE = 12;
    /** TYPE, CLASS, TTL and RDLENGTH of a resource record (RFC 1035 §4.1.3). */
    private static final int RECORD_FIXED_SIZE = 10;

    private final Zones zones;
    /** Questions received, by "name/TYPE", so tests can see what a client's cache saved. */
    private final Map<String, AtomicInteger> questions = new ConcurrentHashMap<>();

    DnsQueryHandler(Zones zones) {
        this.zones = zones;
    }

    /** How many queries asked for {@code name} with the record type named {@code type} (e.g. "TXT"). */
    int questions(String name, String type) {
        AtomicInteger count = questions.get(key(name, type));
        return count == null ? 0 : count.get();
    }

    private static String key(String name, String type) {
        return Zones.canonical(name) + "/" + type.toUpperCase(Locale.ROOT);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DnsQuery query) {
        boolean udp = query instanceof DatagramDnsQuery;
        DnsResponse response = udp
                ? new DatagramDnsResponse(((DatagramDnsQuery) query).recipient(), ((DatagramDnsQuery) query).sender(),
                        query.id(), query.opCode())
                : new DefaultDnsResponse(query.id(), query.opCode());
        response.setAuthoritativeAnswer(true);
        response.setRecursionDesired(query.isRecursionDesired());

        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        int requestorPayload = requestorUdpPayload(query);
        if (requestorPayload > 0) {
            // RFC 6891 §7: a responder that got an OPT record includes one in its response.
            response.addRecord(DnsSection.ADDITIONAL, new OptRecord(OUR_UDP_PAYLOAD));
        }
        if (!DnsOpCode.QUERY.equals(query.opCode())) {
            response.setCode(DnsResponseCode.NOTIMP);
        } else if (question == null) {
            response.setCode(DnsResponseCode.FORMERR);
        } else {
            answer(response, question, udp ? Math.max(CLASSIC_UDP_LIMIT, requestorPayload) : Integer.MAX_VALUE,
                    requestorPayload > 0);
        }
        ctx.writeAndFlush(response);
    }

    private void answer(DnsResponse response, DnsQuestion question, int sizeLimit, boolean withOpt) {
        questions.computeIfAbsent(key(question.name(), question.type().name()), k -> new AtomicInteger())
                .incrementAndGet();
        response.addRecord(DnsSection.QUESTION,
                new DefaultDnsQuestion(question.name(), question.type(), question.dnsClass()));
        Zones.Answer answer = zones.lookup(question.name(), question.type());
        response.setCode(answer.code());

        int nameSize = wireSize(question.name());
        int size = HEADER_SIZE + nameSize + 4 + (withOpt ? 1 + RECORD_FIXED_SIZE : 0);
        for (ZoneRecord record : answer.records()) {
            size += nameSize + RECORD_FIXED_SIZE + record.rdata().length;
        }
        if (size > sizeLimit) {
            // RFC 1035 §4.1.1 and RFC 7766 §5: set TC and let the client repeat the query over TCP.
            response.setTruncated(true);
            return;
        }
        for (ZoneRecord record : answer.records()) {
            response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), record.type(),
                    record.ttl(), Unpooled.wrappedBuffer(record.rdata())));
        }
    }

    /** The UDP payload size from the query's OPT pseudo-record (carried in its CLASS field), or 0. */
    private static int requestorUdpPayload(DnsQuery query) {
        for (int i = 0; i < query.count(DnsSection.ADDITIONAL); i++) {
            DnsRecord record = query.recordAt(DnsSection.ADDITIONAL, i);
            if (DnsRecordType.OPT.equals(record.type())) {
                return record.dnsClass();
            }
        }
        return 0;
    }

    /** Octets of an uncompressed name: each label plus its length byte, then the root byte. */
    private static int wireSize(String name) {
        String canonical = Zones.canonical(name);
        return canonical.isEmpty() ? 1 : canonical.getBytes(StandardCharsets.US_ASCII).length + 2;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A malformed datagram must not stop the UDP listener; a broken TCP stream is closed.
        if (!(ctx.channel() instanceof DatagramChannel)) {
            ctx.close();
        }
    }

    /** An OPT pseudo-record with no options; netty has no public plain implementation. */
    private static final class OptRecord extends AbstractDnsOptPseudoRrRecord {
        OptRecord(int maxPayloadSize) {
            super(maxPayloadSize);
        }
    }
}
