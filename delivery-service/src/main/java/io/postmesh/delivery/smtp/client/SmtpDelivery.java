package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.mx.MxResolution;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.outcome.OutcomeClassifier;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers one job to the first MX host that gives per-recipient answers. RFC 5321 §5.1: on a refused
 * connection, a 421, a timeout or a lost connection the client tries the next address and then the next
 * host, up to {@code maxHosts}; when all fail, every recipient is deferred with 4.4.1 ("no answer from
 * host", RFC 3463 §3.5) and a diagnostic naming the hosts.
 */
public final class SmtpDelivery {
    private final SmtpSession session;
    private final int port;
    private final int maxHosts;
    private final Clock clock;

    public SmtpDelivery(SmtpSession session, int port, int maxHosts, Clock clock) {
        this.session = session;
        this.port = port;
        this.maxHosts = maxHosts;
        this.clock = clock;
    }

    public Future<Attempt> deliver(MxResolution.Hosts mx, Envelope job, List<Recipient> recipients, byte[] message) {
        byte[] wireData = DotStuffing.encode(message);
        List<MxResolution.MxHost> hosts = mx.hosts().subList(0, Math.min(maxHosts, mx.hosts().size()));
        return tryHost(hosts, 0, 0, job, recipients, wireData, new ArrayList<>());
    }

    private Future<Attempt> tryHost(List<MxResolution.MxHost> hosts, int hostIndex, int addressIndex, Envelope job,
                                    List<Recipient> recipients, byte[] wireData, List<String> failures) {
        if (hostIndex >= hosts.size()) {
            return Future.succeededFuture(allFailed(hosts, recipients, failures));
        }
        MxResolution.MxHost host = hosts.get(hostIndex);
        if (addressIndex >= host.addresses().size()) {
            return tryHost(hosts, hostIndex + 1, 0, job, recipients, wireData, failures);
        }
        InetAddress address = host.addresses().get(addressIndex);
        String peer = host.name() + "[" + address.getHostAddress() + "]:" + port;
        return session.run(address.getHostAddress(), port, peer, job, recipients, wireData)
                .map(replies -> new Attempt(
                        TransactionOutcomes.of(recipients, replies, host.name(), clock.instant()),
                        host.name(), replies.decisive().toString()))
                .recover(error -> {
                    failures.add(error instanceof HostFailure ? error.getMessage() : peer + ": " + error);
                    return tryHost(hosts, hostIndex, addressIndex + 1, job, recipients, wireData, failures);
                });
    }

    private Attempt allFailed(List<MxResolution.MxHost> hosts, List<Recipient> recipients, List<String> failures) {
        String names = String.join(", ", hosts.stream().map(MxResolution.MxHost::name).toList());
        String diagnostic = "no MX host of " + names + " accepted the session: " + String.join("; ", failures);
        List<RecipientOutcome> outcomes = recipients.stream()
                .map(r -> OutcomeClassifier.local(r.address(), false, "4.4.1", diagnostic, null, clock.instant()))
                .toList();
        return new Attempt(outcomes, names, diagnostic);
    }
}
