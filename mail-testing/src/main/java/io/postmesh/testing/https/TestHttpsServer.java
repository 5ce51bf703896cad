package io.postmesh.testing.https;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS server on 127.0.0.1 for tests (MTA-STS policy hosts, for example), with a self-signed certificate made
 * now by the JDK's keytool for the given DNS names, and a matching PKCS#12 trust store for clients. Answers are
 * chosen per Host header and path; anything else gets 404.
 */
public final class TestHttpsServer implements AutoCloseable {
    /** Password of the key store and the trust store. */
    public static final String PASSWORD = "changeit";
    private static final String ALIAS = "server";

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Path dir;
    private final Path trustStore;
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    /** What the server answers for one host and path. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        /** A 200 with the given media type. */
        public static Response ok(String contentType, String body) {
            return new Response(200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }

        public static Response status(int status, Map<String, String> headers) {
            return new Response(status, headers, new byte[0]);
        }
    }

    private TestHttpsServer(HttpsServer server, ExecutorService executor, Path dir, Path trustStore) {
        this.server = server;
        this.executor = executor;
        this.dir = dir;
        this.trustStore = trustStore;
    }

    /** Starts on a free port of 127.0.0.1 with a certificate whose subject alternative names are {@code dnsNames}. */
    public static TestHttpsServer start(String... dnsNames) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("postmesh-https-");
            Path keyStore = dir.resolve("server.p12");
            generateKeyPair(keyStore, dnsNames, dir.resolve("keytool.log"));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            Path trustStore = dir.resolve("trust.p12");
            writeTrustStore(keys, trustStore);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);

            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "postmesh-test-https");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            TestHttpsServer started = new TestHttpsServer(server, executor, dir, trustStore);
            server.createContext("/", started::handle);
            server.start();
            return started;
        } catch (IOException | java.security.GeneralSecurityException e) {
            if (dir != null) {
                deleteRecursively(dir);
            }
            throw new IllegalStateException("cannot start the test HTTPS server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the test certificate", e);
        }
    }

    private static void generateKeyPair(Path keyStore, String[] dnsNames, Path log)
            throws IOException, InterruptedException {
        List<String> san = new ArrayList<>();
        for (String name : dnsNames) {
            san.add("dns:" + name);
        }
        Process keytool = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + (dnsNames.length > 0 ? dnsNames[0] : "localhost"),
                "-ext", "SAN=" + String.join(",", san),
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            keytool.destroyForcibly();
            throw new IOException("keytool failed: " + Files.readString(log));
        }
    }

    private static void writeTrustStore(KeyStore keys, Path trustStore) throws IOException,
            java.security.GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, PASSWORD.toCharArray());
        trust.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD.toCharArray());
        }
    }

    /** Sets the answer for {@code https://host/path}; replaces an earlier one. */
    public TestHttpsServer respond(String host, String path, Response response) {
        responses.put(key(host, path), response);
        return this;
    }

    /** Removes the answer for {@code https://host/path}: it is 404 again. */
    public TestHttpsServer forget(String host, String path) {
        responses.remove(key(host, path));
        return this;
    }

    /** How many requests for {@code https://host/path} arrived so far. */
    public int requests(String host, String path) {
        AtomicInteger count = requests.get(key(host, path));
        return count == null ? 0 : count.get();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** PKCS#12 trust store holding the server certificate (password {@link #PASSWORD}). */
    public Path trustStore() {
        return trustStore;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            host = host == null ? "" : host.replaceFirst(":\\d+$", "");
            String key = key(host, exchange.getRequestURI().getPath());
            requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            Response response = responses.get(key);
            if (response == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                exchange.getResponseBody().write(response.body());
            }
        }
    }

    private static String key(String host, String path) {
        return host.toLowerCase(Locale.ROOT) + path;
    }

    /** Stops the server and deletes the key material. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp directory is harmless.
        } catch (UncheckedIOException ignored) {
            // Same.
        }
    }
}
