package io.postmesh.testing.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates made at test time by the JDK's {@code keytool} (no hand-written crypto, nothing checked in):
 * one test CA per JVM, server certificates signed by it for a host name ({@link #signed}), and self-signed
 * ones ({@link #selfSigned}). Each is a PKCS#12 key store with password {@link #PASSWORD}; {@link #caTrustStore}
 * is a PKCS#12 trust store holding only the CA, for clients in verify mode.
 *
 * <p>keytool runs as a process (its classes are not exported by {@code java.base}); results are cached per
 * host name, so a test JVM pays for each certificate once.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";
    private static final Map<String, Path> CACHE = new ConcurrentHashMap<>();
    private static volatile Path dir;

    private TestCertificates() {}

    /** A key store with a key and a certificate for {@code hostName} signed by the test CA. */
    public static synchronized Path signed(String hostName) {
        return CACHE.computeIfAbsent("signed:" + hostName, k -> {
            Path ca = ca();
            Path store = dir().resolve("signed-" + hostName + ".p12");
            Path csr = dir().resolve("signed-" + hostName + ".csr");
            Path crt = dir().resolve("signed-" + hostName + ".crt");
            genKeyPair(store, "server", "CN=" + hostName, "san=dns:" + hostName);
            keytool("-certreq", "-keystore", store.toString(), "-alias", "server", "-file", csr.toString());
            keytool("-gencert", "-keystore", ca.toString(), "-alias", "ca", "-infile", csr.toString(),
                    "-outfile", crt.toString(), "-validity", "30", "-ext", "san=dns:" + hostName,
                    "-ext", "eku=serverAuth", "-rfc");
            keytool("-importcert", "-noprompt", "-keystore", store.toString(), "-alias", "ca",
                    "-file", caCertificate().toString());
            keytool("-importcert", "-noprompt", "-keystore", store.toString(), "-alias", "server",
                    "-file", crt.toString());
            return store;
        });
    }

    /** A key store with a self-signed certificate for {@code hostName} (what many MX hosts present). */
    public static synchronized Path selfSigned(String hostName) {
        return CACHE.computeIfAbsent("self:" + hostName, k -> {
            Path store = dir().resolve("self-" + hostName + ".p12");
            genKeyPair(store, "server", "CN=" + hostName, "san=dns:" + hostName);
            return store;
        });
    }

    /** A PKCS#12 trust store holding the test CA's certificate only. */
    public static synchronized Path caTrustStore() {
        return CACHE.computeIfAbsent("truststore", k -> {
            Path store = dir().resolve("ca-trust.p12");
            keytool("-importcert", "-noprompt", "-keystore", store.toString(), "-alias", "ca",
                    "-file", caCertificate().toString());
            return store;
        });
    }

    /** A server-side TLS context presenting the key in {@code keyStore}. */
    public static SSLContext serverContext(Path keyStore) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + keyStore, e);
        }
    }

    private static Path ca() {
        return CACHE.computeIfAbsent("ca", k -> {
            Path store = dir().resolve("ca.p12");
            genKeyPair(store, "ca", "CN=Postmesh Test CA", "bc:c");
            return store;
        });
    }

    private static Path caCertificate() {
        return CACHE.computeIfAbsent("ca.crt", k -> {
            Path crt = dir().resolve("ca.crt");
            keytool("-exportcert", "-rfc", "-keystore", ca().toString(), "-alias", "ca", "-file", crt.toString());
            return crt;
        });
    }

    private static void genKeyPair(Path store, String alias, String dname, String ext) {
        keytool("-genkeypair", "-keystore", store.toString(), "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "30", "-ext", ext);
    }

    private static Path dir() {
        if (dir == null) {
            try {
                Path created = Files.createTempDirectory("postmesh-certs");
                created.toFile().deleteOnExit();
                dir = created;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
