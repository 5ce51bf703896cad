package io.postmesh.testing.https;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTPS test server, spoken to over raw TLS with host-name verification against its trust store. */
class TestHttpsServerTest {
    private static TestHttpsServer server;

    @BeforeAll
    static void start() {
        server = TestHttpsServer.start("mta-sts.kit.test", "other.kit.test");
        server.respond("mta-sts.kit.test", "/policy", TestHttpsServer.Response.ok("text/plain", "hello"));
        server.respond("other.kit.test", "/moved",
                TestHttpsServer.Response.status(301, Map.of("Location", "https://elsewhere.kit.test/")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void answersPerHostAndPathAndCountsRequests() throws Exception {
        assertThat(get("mta-sts.kit.test", "/policy")).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Type: text/plain")
                .endsWith("hello");
        assertThat(get("other.kit.test", "/moved")).startsWith("HTTP/1.1 301")
                .containsIgnoringCase("Location: https://elsewhere.kit.test/");
        assertThat(get("other.kit.test", "/policy")).startsWith("HTTP/1.1 404");
        assertThat(server.requests("mta-sts.kit.test", "/policy")).isEqualTo(1);
        assertThat(server.requests("other.kit.test", "/policy")).isEqualTo(1);
    }

    @Test
    void certificateIsNotValidForOtherNames() {
        assertThatThrownBy(() -> get("unlisted.kit.test", "/policy")).isInstanceOf(SSLHandshakeException.class);
    }

    /** A GET over TLS to 127.0.0.1, verifying the certificate for {@code host} as an HTTPS client does. */
    private static String get(String host, String path) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(server.trustStore())) {
            trust.load(in, TestHttpsServer.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(host)));
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.setSoTimeout(10_000);
            // The JDK checks the certificate against the SNI name when one is set, as an HTTPS client would.
            socket.startHandshake();
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8))) {
                return in.lines().collect(Collectors.joining("\n"));
            }
        }
    }
}
