package io.postmesh.testing.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.testing.tls.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** STARTTLS, AUTH and recipient limits of {@link SmtpPeer}, driven by the JDK's own TLS client. */
class SmtpPeerExtensionsTest {
    private SmtpPeer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void startTlsWithACaSignedCertificateVerifiesAgainstTheTestCa() throws Exception {
        peer = SmtpPeer.start("127.0.0.2", 0).withStartTls(TestCertificates.signed("mx.tls.test"));
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(peer.address(), peer.port()), 5000);
            plain.setSoTimeout(10_000);
            BufferedReader in = reader(plain.getInputStream());
            OutputStream out = plain.getOutputStream();
            assertThat(reply(in)).startsWith("220 ");
            assertThat(command(out, in, "EHLO client.test")).contains("250-STARTTLS");
            assertThat(command(out, in, "STARTTLS")).startsWith("220 ");

            SSLSocket tls = (SSLSocket) caContext().getSocketFactory()
                    .createSocket(plain, "mx.tls.test", peer.port(), true);
            SSLParameters params = tls.getSSLParameters();
            // HTTPS-style identity check of the name in the certificate (RFC 6125).
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setServerNames(java.util.List.of(new SNIHostName("mx.tls.test")));
            tls.setSSLParameters(params);
            tls.startHandshake();
            X509Certificate leaf = (X509Certificate) tls.getSession().getPeerCertificates()[0];
            assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=mx.tls.test");

            BufferedReader tin = reader(tls.getInputStream());
            OutputStream tout = tls.getOutputStream();
            // RFC 3207 §4.2: the old EHLO is forgotten and STARTTLS is not offered again.
            assertThat(command(tout, tin, "MAIL FROM:<a@client.test>")).startsWith("503 ");
            assertThat(command(tout, tin, "EHLO client.test")).doesNotContain("STARTTLS");
            assertThat(command(tout, tin, "MAIL FROM:<a@client.test>")).startsWith("250 ");
            assertThat(command(tout, tin, "RCPT TO:<b@peer.test>")).startsWith("250 ");
            assertThat(command(tout, tin, "DATA")).startsWith("354 ");
            assertThat(command(tout, tin, "Subject: tls\r\n\r\nsecret\r\n.")).startsWith("250 ");
        }
        ReceivedMessage message = peer.awaitMessages(1, Duration.ofSeconds(5)).get(0);
        assertThat(message.tlsProtocol()).startsWith("TLSv1.");
        assertThat(message.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(message.dataAsString()).contains("secret");
    }

    @Test
    void authPlainAndLoginAreRequiredBeforeMail() throws Exception {
        peer = SmtpPeer.start("127.0.0.2", 0).requireAuth("relay", "s3cret");
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            assertThat(client.command("EHLO client.test")).contains("250-AUTH PLAIN LOGIN");
            assertThat(client.command("MAIL FROM:<a@client.test>")).startsWith("530 5.7.0");
            assertThat(client.command("AUTH PLAIN " + b64("\0relay\0wrong"))).startsWith("535 5.7.8");
            assertThat(client.command("AUTH LOGIN " + b64("relay"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(client.command(b64("s3cret"))).startsWith("235 2.7.0");
            assertThat(client.command("MAIL FROM:<a@client.test>")).startsWith("250 ");
            assertThat(client.command("RCPT TO:<b@peer.test>")).startsWith("250 ");
            assertThat(client.command("DATA")).startsWith("354 ");
            assertThat(client.command("Subject: x\r\n\r\nx\r\n.")).startsWith("250 ");
        }
        assertThat(peer.awaitMessages(1, Duration.ofSeconds(5)).get(0).authUser()).isEqualTo("relay");
    }

    @Test
    void recipientsBeyondTheLimitGet452AndCapabilitiesCanBeWithdrawn() throws Exception {
        peer = SmtpPeer.start("127.0.0.2", 0).maxRecipientsPerTransaction(2).without8BitMime().withoutSmtpUtf8()
                .sizeLimit(1000);
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            String ehlo = client.command("EHLO client.test");
            assertThat(ehlo).doesNotContain("8BITMIME", "SMTPUTF8").contains("250 ENHANCEDSTATUSCODES",
                    "SIZE 1000");
            assertThat(client.command("MAIL FROM:<a@client.test> SIZE=2000")).startsWith("552 5.3.4");
            client.command("MAIL FROM:<a@client.test> SIZE=100");
            assertThat(client.command("RCPT TO:<b1@peer.test>")).startsWith("250 ");
            assertThat(client.command("RCPT TO:<b2@peer.test>")).startsWith("250 ");
            assertThat(client.command("RCPT TO:<b3@peer.test>")).isEqualTo("452 4.5.3 Too many recipients");
        }
    }

    private static SSLContext caContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestCertificates.caTrustStore())) {
            trust.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static String command(OutputStream out, BufferedReader in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply(in);
    }

    private static String reply(BufferedReader in) throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                break;
            }
        }
        return all.toString().strip();
    }
}
