package io.postmesh.delivery;

import io.postmesh.delivery.mx.MxResolution;
import io.postmesh.delivery.mx.MxResolver;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.outcome.OutcomeClassifier;
import io.postmesh.delivery.route.HostPort;
import io.postmesh.delivery.route.Routes;
import io.postmesh.delivery.smtp.client.Destination;
import io.postmesh.delivery.smtp.client.SmtpDelivery;
import io.postmesh.delivery.tls.TlsLevel;
import io.postmesh.delivery.tls.TlsPolicy;
import io.postmesh.delivery.tls.TlsPolicyResolver;
import io.postmesh.model.Addresses;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;

/**
 * Mode {@code mx}: pick the route (MX or smart host, {@link Routes}), the TLS policy
 * ({@link TlsPolicyResolver}, raised to verify for REQUIRETLS, RFC 8689 §5) and the egress pool, resolve the
 * hosts (RFC 5321 §5.1), then deliver over SMTP. A DNS answer that rules delivery out (NXDOMAIN, null MX,
 * SERVFAIL) becomes the outcome of every recipient.
 */
public final class MxTransport implements MailTransport {
    private final Context context;
    private final MxResolver resolver;
    private final TlsPolicyResolver tlsPolicies;
    private final Routes routes;
    private final SmtpDelivery smtp;
    private final int mxPort;
    private final Clock clock;

    public MxTransport(Context context, MxResolver resolver, TlsPolicyResolver tlsPolicies, Routes routes,
                       SmtpDelivery smtp, int mxPort, Clock clock) {
        this.context = context;
        this.resolver = resolver;
        this.tlsPolicies = tlsPolicies;
        this.routes = routes;
        this.smtp = smtp;
        this.mxPort = mxPort;
        this.clock = clock;
    }

    @Override
    public Future<Attempt> deliver(Envelope job, List<Recipient> recipients, byte[] message) {
        String domain = job.destination() != null ? job.destination() : Addresses.domainOf(recipients.get(0).address());
        Routes.Route route = routes.routeFor(domain);
        // Answers arrive on other threads; continue on the transport's context, which owns the connection pool.
        HostPort smartHost = route.smartHost();
        Future<TlsPolicy> policy = (route.tls() != null
                ? Future.succeededFuture(new TlsPolicy(route.tls(), "route"))
                : Future.fromCompletionStage(tlsPolicies.policyFor(domain), context))
                // A smart host is not one of the domain's MX hosts: MTA-STS's MX list does not apply to it.
                .map(p -> smartHost != null ? p.withoutMxPolicy() : p)
                .map(p -> job.requireTls() ? p.atLeast(TlsLevel.VERIFY, "requiretls") : p);
        Future<MxResolution> hosts = smartHost == null ? Future.fromCompletionStage(resolver.resolve(domain), context)
                : smartHostResolution(smartHost);
        int port = smartHost == null ? mxPort : smartHost.port();
        return policy.compose(tls -> hosts.compose(resolution -> {
            if (resolution instanceof MxResolution.Failure failure) {
                return Future.succeededFuture(new Attempt(recipients.stream()
                        .map(r -> OutcomeClassifier.local(r.address(), failure.permanent(), failure.status(),
                                failure.text(), null, clock.instant()))
                        .toList(), null, failure.status() + " " + failure.text()));
            }
            Destination destination = new Destination(((MxResolution.Hosts) resolution).hosts(), port, tls,
                    routes.egressFor(job.tenant()), route.credentials());
            return smtp.deliver(destination, job, recipients, message);
        }));
    }

    /** An address literal is used as is; a name is looked up like a domain (MX, then A), as Postfix's relayhost. */
    private Future<MxResolution> smartHostResolution(HostPort smartHost) {
        if (!smartHost.literal()) {
            return Future.fromCompletionStage(resolver.resolve(smartHost.host()), context);
        }
        try {
            InetAddress address = InetAddress.getByName(smartHost.host());
            return Future.succeededFuture(new MxResolution.Hosts(List.of(
                    new MxResolution.MxHost(smartHost.host(), List.of(address)))));
        } catch (UnknownHostException e) {
            return Future.failedFuture(e);
        }
    }
}
