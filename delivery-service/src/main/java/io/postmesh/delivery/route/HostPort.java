package io.postmesh.delivery.route;

/**
 * {@code host:port}, {@code [host]:port}, {@code [2001:db8::1]:port} or a bare host (port 25). Brackets are
 * accepted as in Postfix's {@code relayhost}; the host part stays as written (without brackets).
 */
public record HostPort(String host, int port) {

    public static HostPort parse(String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        String host;
        String rest;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in " + value);
            }
            host = v.substring(1, close);
            rest = v.substring(close + 1);
        } else {
            int colon = v.lastIndexOf(':');
            boolean ipv6 = v.indexOf(':') != colon;
            host = colon < 0 || ipv6 ? v : v.substring(0, colon);
            rest = colon < 0 || ipv6 ? "" : v.substring(colon);
        }
        int port = 25;
        if (!rest.isEmpty()) {
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected :port after the host in " + value);
            }
            try {
                port = Integer.parseInt(rest.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + value, e);
            }
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad host or port in " + value);
        }
        return new HostPort(host, port);
    }

    /** Whether the host is an IP address literal (no DNS lookup needed). */
    public boolean literal() {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
