package io.postmesh.ingress.smtp.transport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the SMTP listeners ({@code /q/health/ready}): DOWN before they listen and from the moment they
 * drain, so that Kubernetes takes the pod out of the Service's endpoints and routes new SMTP connections to other
 * replicas while this one finishes its sessions. Liveness is unaffected: a draining pod is not restarted.
 */
@Readiness
@ApplicationScoped
public class SmtpListenersCheck implements HealthCheck {

    @Inject
    SmtpServer server;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("smtp listeners")
                .status(server.accepting())
                .withData("draining", server.draining())
                .withData("sessions", server.openSessions())
                .build();
    }
}
