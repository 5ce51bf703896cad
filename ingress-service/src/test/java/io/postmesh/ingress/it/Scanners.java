package io.postmesh.ingress.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postmesh.testing.Ports;
import io.postmesh.testing.scan.ClamdProcess;
import io.postmesh.testing.scan.RspamdProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Test resource: real rspamd and clamd on loopback, started once per test JVM (their shutdown hooks stop
 * them), with scanning on and the relay policy {@code reject}. Without the Debian packages the scanners'
 * addresses point at closed ports and {@link #require()} skips the test — or fails it on CI (CI=true).
 */
public class Scanners implements QuarkusTestResourceLifecycleManager {

    static boolean installed() {
        return ClamdProcess.installed() && RspamdProcess.installed();
    }

    /** Call from a test: skip locally without the scanners, fail on CI. */
    static void require() {
        if ("true".equals(System.getenv("CI")) && !installed()) {
            throw new IllegalStateException("rspamd and clamav-daemon are required on CI");
        }
        assumeTrue(installed(), "rspamd / clamav-daemon not installed");
    }

    @Override
    public Map<String, String> start() {
        boolean up = installed();
        return Map.of(
                "postmesh.ingress.scan.enabled", "true",
                "postmesh.ingress.scan.relay", "reject",
                "postmesh.ingress.scan.rspamd.url", up ? Running.RSPAMD.url() : "http://127.0.0.1:" + Ports.freePort(),
                "postmesh.ingress.scan.clamd.port", Integer.toString(up ? Running.CLAMD.port() : Ports.freePort()));
    }

    /** Before {@link IngressListeners}: the daemons bind their ports first, so the listeners' free ports stay free. */
    @Override
    public int order() {
        return -10;
    }

    @Override
    public void stop() {
        // shared for the JVM: stopped by the processes' shutdown hooks
    }

    /** Holder: the daemons start on first use, once per JVM. */
    private static final class Running {
        static final ClamdProcess CLAMD = ClamdProcess.start();
        static final RspamdProcess RSPAMD = RspamdProcess.start();
    }
}
