package io.postmesh.ingress.it;

import io.postmesh.testing.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test resource for the SMTP listeners: free loopback ports for all three, and a self-signed PKCS#12 key
 * store generated now with the JDK's keytool (no certificate is checked in).
 */
public class IngressListeners implements QuarkusTestResourceLifecycleManager {
    static final String PASSWORD = "test-secret";
    private Path dir;
    private boolean tls = true;

    /** Init argument {@code tls=false}: no key store, as in a deployment without a certificate. */
    @Override
    public void init(Map<String, String> initArgs) {
        tls = !"false".equals(initArgs.get("tls"));
    }

    @Override
    public Map<String, String> start() {
        if (!tls) {
            return Map.of("postmesh.ingress.smtp.port", Integer.toString(Ports.freePort()),
                    "postmesh.ingress.submission.port", Integer.toString(Ports.freePort()),
                    "postmesh.ingress.smtps.port", Integer.toString(Ports.freePort()));
        }
        try {
            dir = Files.createTempDirectory("postmesh-ingress-tls-");
            Path keyStore = dir.resolve("server.p12");
            Process keytool = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "ingress", "-keyalg", "RSA", "-keysize", "2048",
                    "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD, "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.log").toFile())
                    .start();
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
            }
            return Map.of(
                    "postmesh.ingress.smtp.port", Integer.toString(Ports.freePort()),
                    "postmesh.ingress.submission.port", Integer.toString(Ports.freePort()),
                    "postmesh.ingress.smtps.port", Integer.toString(Ports.freePort()),
                    "postmesh.ingress.tls.keystore", keyStore.toString(),
                    "postmesh.ingress.tls.keystore-password", PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (dir != null) {
            dir.resolve("server.p12").toFile().delete();
            dir.resolve("keytool.log").toFile().delete();
            dir.toFile().delete();
        }
    }
}
