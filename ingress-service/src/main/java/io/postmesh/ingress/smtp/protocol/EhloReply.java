package io.postmesh.ingress.smtp.protocol;

import java.util.ArrayList;
import java.util.List;

/** The multi-line EHLO reply (RFC 5321 §4.1.1.1) listing the service extensions we implement. */
final class EhloReply {
    private EhloReply() {}

    static Reply build(SessionSettings settings, boolean tlsActive) {
        List<String> lines = new ArrayList<>();
        lines.add(settings.hostname());
        lines.add("PIPELINING");                                // RFC 2920
        lines.add("SIZE " + settings.maxMessageSize());         // RFC 1870
        lines.add("8BITMIME");                                  // RFC 6152
        lines.add("SMTPUTF8");                                  // RFC 6531
        lines.add("ENHANCEDSTATUSCODES");                       // RFC 2034
        if (settings.tlsAvailable() && !tlsActive) {
            lines.add("STARTTLS");                              // RFC 3207
        }
        if (settings.authOffered() && tlsActive) {
            lines.add("AUTH " + SaslExchange.MECHANISMS);       // RFC 4954, only under TLS
        }
        lines.add("DSN");                                       // RFC 3461
        lines.add("CHUNKING");                                  // RFC 3030
        if (tlsActive) {
            lines.add("REQUIRETLS");                            // RFC 8689 §4: only on TLS sessions
        }
        return Reply.multiline(250, lines);
    }
}
