package io.postmesh.delivery.smtp.client;

import io.postmesh.model.SmtpReply;
import java.util.List;

/**
 * One complete reply as received: the parsed {@link SmtpReply} and its raw lines (EHLO keywords live on
 * separate lines, which the parsed form joins).
 */
public record ServerReply(SmtpReply reply, List<String> lines) {

    public static ServerReply of(List<String> lines) {
        return new ServerReply(SmtpReply.parse(lines), List.copyOf(lines));
    }

    public int code() {
        return reply.code();
    }

    public boolean positive() {
        return reply.code() >= 200 && reply.code() < 300;
    }

    /** RFC 5321 §3.8: 421 means the server is closing the channel – this host is out, try the next. */
    public boolean serviceClosing() {
        return reply.code() == 421;
    }

    /**
     * "Too many recipients": 452 (RFC 5321 §4.5.3.1.10), or 552 with 5.5.3, which §4.5.3.1.10 tells clients
     * to treat as temporary (an RFC 821 leftover). 452 with another enhanced code (4.3.1, storage) is not it.
     */
    public boolean tooManyRecipients() {
        String enhanced = reply.enhanced();
        return (reply.code() == 452 && (enhanced == null || enhanced.equals("4.5.3")))
                || (reply.code() == 552 && "5.5.3".equals(enhanced));
    }

    @Override
    public String toString() {
        return reply.toString();
    }
}
