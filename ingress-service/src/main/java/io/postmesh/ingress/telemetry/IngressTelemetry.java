package io.postmesh.ingress.telemetry;

import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Makes the {@link SessionObserver} of each new SMTP connection. */
@ApplicationScoped
public class IngressTelemetry {
    @Inject
    Tracer tracer;

    @Inject
    IngressMetrics metrics;

    public SessionObserver observe(String listener, String clientAddress) {
        return new SessionObserver(tracer, metrics, listener, clientAddress);
    }

    public IngressMetrics metrics() {
        return metrics;
    }
}
