package io.postmesh.ingress.policy;

import io.postmesh.ingress.smtp.protocol.Mailbox;
import java.net.InetAddress;

/** Decides whether a recipient may be accepted from a client; consulted once per RCPT TO. */
@FunctionalInterface
public interface RcptHook {
    HookResult onRcpt(InetAddress client, Mailbox recipient);
}
