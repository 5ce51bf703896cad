package io.postmesh.bounce.failed;

import io.postmesh.testing.otlp.OtlpReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the service's OTLP exporter at a real OTLP/HTTP receiver, so tests see the spans it exports. */
public class TraceReceiverResource implements QuarkusTestResourceLifecycleManager {
    private static volatile OtlpReceiver receiver;

    static OtlpReceiver receiver() {
        return receiver;
    }

    @Override
    public Map<String, String> start() {
        receiver = OtlpReceiver.start();
        return Map.of(
                "quarkus.otel.exporter.otlp.traces.endpoint", receiver.endpoint(),
                // Export promptly so tests wait for spans, not for the 5 s batch default.
                "quarkus.otel.bsp.schedule.delay", "100ms");
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
