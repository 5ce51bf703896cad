package io.postmesh.delivery.it;

import io.postmesh.testing.Ports;
import io.postmesh.testing.otlp.OtlpReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Test resource for mode {@code capture}: a free port for the capture inbox and an own consumer group. */
public class CaptureInfra implements QuarkusTestResourceLifecycleManager {
    static volatile int port;
    static volatile OtlpReceiver otlp;

    @Override
    public Map<String, String> start() {
        port = Ports.freePort("127.0.0.1");
        otlp = OtlpReceiver.start();
        return Map.of(
                "quarkus.otel.exporter.otlp.traces.endpoint", otlp.endpoint(),
                "quarkus.otel.bsp.schedule.delay", "100ms",
                "postmesh.delivery.mode", "capture",
                "postmesh.delivery.capture.port", Integer.toString(port),
                "postmesh.delivery.capture.bind", "127.0.0.1",
                "mp.messaging.incoming.jobs.group.id", "delivery-capture-test");
    }

    @Override
    public void stop() {
        // The inbox stops with the application.
        if (otlp != null) {
            otlp.close();
        }
    }
}
