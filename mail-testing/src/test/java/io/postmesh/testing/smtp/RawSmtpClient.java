package io.postmesh.testing.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A bare socket client that writes exactly the bytes a test gives it and reads whole replies. */
final class RawSmtpClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    RawSmtpClient(SmtpPeer peer) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(peer.address(), peer.port()), 5000);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Writes the lines, each ended by CRLF, in a single write (as a pipelining client does). */
    RawSmtpClient write(String... lines) throws IOException {
        StringBuilder batch = new StringBuilder();
        for (String line : lines) {
            batch.append(line).append("\r\n");
        }
        return writeRaw(batch.toString());
    }

    RawSmtpClient writeRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** One complete reply, multi-line replies joined by "\n"; null if the peer closed the connection. */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return String.join("\n", lines);
            }
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    /** Sends one command and returns its reply. */
    String command(String line) throws IOException {
        write(line);
        return reply();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
