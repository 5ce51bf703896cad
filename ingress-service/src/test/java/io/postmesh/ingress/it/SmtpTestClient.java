package io.postmesh.ingress.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A raw SMTP client over a real socket: writes exact bytes, reads replies line by line (CRLF). */
final class SmtpTestClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpTestClient(Socket socket) throws IOException {
        use(socket);
    }

    static SmtpTestClient connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new SmtpTestClient(s);
    }

    /** Connects to a listener bound to another loopback address. */
    static SmtpTestClient connectTo(String address, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(address, port), 5000);
        return new SmtpTestClient(s);
    }

    /** Connects from another loopback address (127.0.0.0/8 is all ours), so per-IP state stays apart. */
    static SmtpTestClient connectFrom(String localAddress, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new SmtpTestClient(s);
    }

    /** Implicit TLS from another loopback address. */
    static SmtpTestClient connectTlsFrom(String localAddress, int port) throws Exception {
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.startHandshake();
        return new SmtpTestClient(s);
    }

    /** Writes raw bytes (BDAT chunks may hold anything). */
    void writeBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** EHLO, STARTTLS, handshake, EHLO again: ready for AUTH. */
    void startTls() throws Exception {
        reply();
        command("EHLO client.test");
        String ready = command("STARTTLS");
        if (!ready.startsWith("220 ")) {
            throw new IOException("STARTTLS refused: " + ready);
        }
        upgradeToTls();
        command("EHLO client.test");
    }

    /** AUTH PLAIN with an initial response (RFC 4616); returns the reply. */
    String authPlain(String user, String password) throws IOException {
        String token = java.util.Base64.getEncoder().encodeToString(
                ("\u0000" + user + "\u0000" + password).getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + token);
    }

    /** Implicit TLS (RFC 8314), trusting any certificate: the test's key store is self-signed. */
    static SmtpTestClient connectTls(int port) throws Exception {
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.startHandshake();
        return new SmtpTestClient(s);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(30_000);
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    /** RFC 3207: the handshake over the existing connection after the 220 to STARTTLS. */
    void upgradeToTls() throws Exception {
        SSLSocket tls = (SSLSocket) trustAll().getSocketFactory()
                .createSocket(socket, "localhost", socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
    }

    boolean encrypted() {
        return socket instanceof SSLSocket;
    }

    void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends one command line and returns the reply. */
    String command(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    /** The next reply: all its lines joined by "\n" (multi-line replies use "NNN-"). */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed; lines so far: " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return String.join("\n", lines);
            }
        }
    }

    /** Whether the server closed the connection (reads EOF, or a reset) before {@code millis} pass. */
    boolean closedByServer(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = buf.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            buf.write(b);
            prev = b;
        }
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
