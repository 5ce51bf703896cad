package io.postmesh.testing.dns;

import io.netty.handler.codec.dns.DnsRecordType;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * One resource record of a test zone, held as its wire-format RDATA so the server can put it in a
 * response without further interpretation.
 */
record ZoneRecord(DnsRecordType type, int ttl, byte[] rdata) {

    /** RFC 1035 §3.3.9: 16-bit PREFERENCE, then the EXCHANGE domain name (written uncompressed). */
    static ZoneRecord mx(int ttl, int preference, String host) {
        if (preference < 0 || preference > 0xFFFF) {
            throw new IllegalArgumentException("MX preference out of range: " + preference);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(preference >>> 8);
        out.write(preference & 0xFF);
        writeName(out, host);
        return new ZoneRecord(DnsRecordType.MX, ttl, out.toByteArray());
    }

    /** RFC 1035 §3.4.1: the four octets of the address. */
    static ZoneRecord a(int ttl, String ipv4) {
        return new ZoneRecord(DnsRecordType.A, ttl, literal(ipv4, Inet4Address.class));
    }

    /** RFC 3596 §2.2: the sixteen octets of the address. */
    static ZoneRecord aaaa(int ttl, String ipv6) {
        return new ZoneRecord(DnsRecordType.AAAA, ttl, literal(ipv6, Inet6Address.class));
    }

    /**
     * RFC 1035 §3.3.14: one or more character-strings; each holds at most 255 octets, so longer
     * text (a DKIM key, say) is split as RFC 7208 §3.3 describes for SPF.
     */
    static ZoneRecord txt(int ttl, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int offset = 0;
        do {
            int length = Math.min(255, bytes.length - offset);
            out.write(length);
            out.write(bytes, offset, length);
            offset += length;
        } while (offset < bytes.length);
        return new ZoneRecord(DnsRecordType.TXT, ttl, out.toByteArray());
    }

    /** RFC 1035 §3.1: a sequence of length-prefixed labels ending with the zero-length root label. */
    static void writeName(ByteArrayOutputStream out, String name) {
        String canonical = Zones.canonical(name);
        if (!canonical.isEmpty()) {
            for (String label : canonical.split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                if (bytes.length == 0 || bytes.length > 63) {
                    throw new IllegalArgumentException("bad label in domain name: " + name);
                }
                out.write(bytes.length);
                out.write(bytes, 0, bytes.length);
            }
        }
        out.write(0);
    }

    private static byte[] literal(String address, Class<? extends InetAddress> family) {
        // Only literals are accepted: getByName would otherwise try to resolve a host name.
        if (address.isEmpty() || !(Character.digit(address.charAt(0), 16) >= 0 || address.startsWith(":"))) {
            throw new IllegalArgumentException("not an address literal: " + address);
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            if (!family.isInstance(parsed)) {
                throw new IllegalArgumentException("wrong address family for " + address);
            }
            return parsed.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + address, e);
        }
    }
}
