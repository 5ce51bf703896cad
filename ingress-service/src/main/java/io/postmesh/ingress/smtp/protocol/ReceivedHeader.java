package io.postmesh.ingress.smtp.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The trace header ingress prepends to every message (RFC 5321 §4.4):
 * <pre>
 * Received: from HELO ([CLIENT-IP])
 *         (using TLSv1.3 with cipher TLS_AES_128_GCM_SHA256)
 *         by HOSTNAME (Postmesh) with ESMTPSA id QUEUE-ID
 *         for &lt;RCPT&gt;; DATE
 * </pre>
 * The {@code with} value follows RFC 3848 (ESMTPS for TLS, ESMTPA/ESMTPSA for AUTH) and RFC 6531 §4.3
 * (UTF8SMTP). The TLS comment (like Postfix's {@code smtpd_tls_received_header}) names protocol and cipher;
 * the authenticated user name is not disclosed (Postfix's {@code smtpd_sasl_authenticated_header=no}). The {@code for}
 * clause names the recipient only when there is exactly one, so as not to disclose the others (§7.2).
 */
public final class ReceivedHeader {
    // RFC 5322 §3.3 date-time with a numeric zone ("+0000"), English names regardless of the default locale.
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ReceivedHeader() {}

    public static String format(String helo, InetAddress client, String hostname, String protocol,
                                String queueId, String singleRecipient, ZonedDateTime when) {
        return format(helo, client, null, hostname, protocol, queueId, singleRecipient, when);
    }

    /** As above, with {@code tls} ("TLSv1.3 with cipher X", or null) as a comment line. */
    public static String format(String helo, InetAddress client, String tls, String hostname, String protocol,
                                String queueId, String singleRecipient, ZonedDateTime when) {
        StringBuilder h = new StringBuilder(256);
        h.append("Received: from ").append(helo).append(" (").append(addressLiteral(client)).append(")\r\n");
        if (tls != null) {
            h.append("\t(using ").append(tls).append(")\r\n");
        }
        h.append("\tby ").append(hostname).append(" (Postmesh) with ").append(protocol)
                .append(" id ").append(queueId);
        if (singleRecipient != null) {
            h.append("\r\n\tfor <").append(singleRecipient).append('>');
        }
        h.append("; ").append(DATE.format(when)).append("\r\n");
        return h.toString();
    }

    /** The {@code with} keyword with an "A" for an authenticated session (RFC 3848 §2, RFC 6531 §4.3). */
    public static String protocol(boolean extended, boolean tls, boolean smtpUtf8, boolean authenticated) {
        String p = protocol(extended, tls, smtpUtf8);
        return authenticated && !p.equals("SMTP") ? p + "A" : p;
    }

    /** The {@code with} keyword: SMTP, ESMTP, ESMTPS, UTF8SMTP or UTF8SMTPS. */
    public static String protocol(boolean extended, boolean tls, boolean smtpUtf8) {
        if (smtpUtf8) {
            return tls ? "UTF8SMTPS" : "UTF8SMTP";
        }
        if (tls) {
            return "ESMTPS";
        }
        return extended ? "ESMTP" : "SMTP";
    }

    /** RFC 5321 §4.1.3 address literal: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. */
    public static String addressLiteral(InetAddress address) {
        String ip = address.getHostAddress();
        int zone = ip.indexOf('%');
        if (zone >= 0) {
            ip = ip.substring(0, zone);
        }
        return address instanceof Inet6Address ? "[IPv6:" + ip + "]" : "[" + ip + "]";
    }
}
