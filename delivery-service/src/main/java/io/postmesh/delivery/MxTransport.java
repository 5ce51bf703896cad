package io.postmesh.delivery;

import io.postmesh.delivery.mx.MxResolution;
import io.postmesh.delivery.mx.MxResolver;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.outcome.OutcomeClassifier;
import io.postmesh.delivery.smtp.client.SmtpDelivery;
import io.postmesh.model.Addresses;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;

/**
 * Mode {@code mx}: resolve the destination's MX hosts (RFC 5321 §5.1), then deliver over SMTP. A DNS
 * answer that rules delivery out (NXDOMAIN, null MX, SERVFAIL) becomes the outcome of every recipient.
 */
public final class MxTransport implements MailTransport {
    private final Vertx vertx;
    private final MxResolver resolver;
    private final SmtpDelivery smtp;
    private final Clock clock;

    public MxTransport(Vertx vertx, MxResolver resolver, SmtpDelivery smtp, Clock clock) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.smtp = smtp;
        this.clock = clock;
    }

    @Override
    public Future<Attempt> deliver(Envelope job, List<Recipient> recipients, byte[] message) {
        String domain = job.destination() != null ? job.destination() : Addresses.domainOf(recipients.get(0).address());
        // DNS answers arrive on dnsjava's threads; continue on our Vert.x context so the SMTP session's
        // socket and timers all live on one event loop.
        return Future.fromCompletionStage(resolver.resolve(domain), vertx.getOrCreateContext())
                .compose(resolution -> {
                    if (resolution instanceof MxResolution.Failure failure) {
                        return Future.succeededFuture(new Attempt(recipients.stream()
                                .map(r -> OutcomeClassifier.local(r.address(), failure.permanent(), failure.status(),
                                        failure.text(), null, clock.instant()))
                                .toList(), null, failure.status() + " " + failure.text()));
                    }
                    return smtp.deliver((MxResolution.Hosts) resolution, job, recipients, message);
                });
    }
}
