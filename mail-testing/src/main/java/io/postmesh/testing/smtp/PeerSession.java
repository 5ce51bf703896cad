package io.postmesh.testing.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One SMTP server conversation (RFC 5321 §4.1) of an {@link SmtpPeer}, on its own thread with a
 * blocking socket. Every command line goes to the transcript; accepted messages go to the log.
 */
final class PeerSession implements Runnable {
    static final long MAX_SIZE = 26_214_400;
    /** {@code FROM:<path> params} and {@code TO:<path> params}; RFC 5321 §4.1.1.2 and §4.1.1.3. */
    private static final Pattern PATH = Pattern.compile("(?i)(FROM|TO):\\s*<([^>]*)>(.*)");
    private static final Pattern SIZE_PARAM = Pattern.compile("(?i)(?:^|\\s)SIZE=(\\d+)");

    private Socket socket;
    private final String serverName;
    private final PeerSettings settings;
    private final ReceivedLog log;
    private final Consumer<String> transcript;
    private CrlfLineReader reader;
    private OutputStream out;

    private String heloName;
    private String tlsProtocol;
    private String authUser;
    private String reversePath;
    private final List<String> recipients = new ArrayList<>();

    PeerSession(Socket socket, String serverName, PeerSettings settings, ReceivedLog log, Consumer<String> transcript) {
        this.socket = socket;
        this.serverName = serverName;
        this.settings = settings;
        this.log = log;
        this.transcript = transcript;
    }

    @Override
    public void run() {
        try (Socket plain = socket) {
            reader = new CrlfLineReader(new BufferedInputStream(socket.getInputStream()));
            out = new BufferedOutputStream(socket.getOutputStream());
            String greeting = settings.reply(Stage.GREETING, "220 " + serverName + " ESMTP Postmesh test peer");
            if (!send(greeting)) {
                return;
            }
            boolean serving = greeting.startsWith("2");
            byte[] line;
            boolean open = true;
            while (open && (line = reader.readLine()) != null) {
                String command = new String(line, StandardCharsets.UTF_8);
                transcript.accept(command);
                // RFC 5321 §3.1: after a 554 banner the server answers 503 to all but QUIT.
                open = serving ? handle(command) : refuse(command);
            }
            flushQuietly();
            socket.close();
        } catch (IOException closedOrReset) {
            // The client went away or the peer is closing: either ends the session.
        }
    }

    /** Sends what is still buffered (the 221 after QUIT, say) before the socket closes. */
    private void flushQuietly() {
        try {
            if (out != null && !socket.isClosed()) {
                out.flush();
            }
        } catch (IOException ignored) {
            // The client is gone; nothing left to tell it.
        }
    }

    private boolean refuse(String command) throws IOException {
        if (verb(command).equals("QUIT")) {
            send("221 2.0.0 Bye");
            return false;
        }
        return send("503 5.5.1 No service");
    }

    /** Answers one command; false when the connection is to be closed. */
    private boolean handle(String command) throws IOException {
        String verb = verb(command);
        String argument = command.length() > verb.length() ? command.substring(verb.length()).trim() : "";
        switch (verb) {
            case "EHLO":
                if (!settings.esmtp()) {
                    return send("502 5.5.1 EHLO not supported, use HELO");
                }
                return greet(argument, settings.reply(Stage.EHLO, ehloReply(argument)));
            case "HELO":
                return greet(argument, settings.reply(Stage.EHLO, "250 " + serverName));
            case "MAIL":
                return mail(argument);
            case "RCPT":
                return rcpt(argument);
            case "DATA":
                return data();
            case "STARTTLS":
                return startTls();
            case "AUTH":
                return auth(argument);
            case "RSET":
                resetTransaction();
                return send("250 2.0.0 OK");
            case "NOOP":
                return send("250 2.0.0 OK");
            case "VRFY":
                return send("252 2.5.2 Cannot VRFY user");
            case "QUIT":
                send("221 2.0.0 Bye");
                return false;
            default:
                return send("500 5.5.2 Command not recognized");
        }
    }

    private String ehloReply(String clientName) {
        StringBuilder reply = new StringBuilder("250-" + serverName + " greets " + clientName + "\n");
        if (settings.pipelining()) {
            reply.append("250-PIPELINING\n");
        }
        if (settings.eightBitMime()) {
            reply.append("250-8BITMIME\n");
        }
        reply.append("250-SIZE ").append(settings.sizeLimit()).append("\n250-ENHANCEDSTATUSCODES\n");
        if (settings.tls() != null && tlsProtocol == null) {
            reply.append("250-STARTTLS\n");
        }
        if (!settings.credentials().isEmpty()) {
            reply.append("250-AUTH PLAIN LOGIN\n");
        }
        if (settings.smtpUtf8()) {
            reply.append("250-SMTPUTF8\n");
        }
        // The last line is the one with a space after the code (RFC 5321 §4.2.1).
        int last = reply.lastIndexOf("250-");
        return reply.replace(last, last + 4, "250 ").toString().stripTrailing();
    }

    /**
     * RFC 3207 §4: 220, then the TLS handshake on the same socket; the session starts over (§4.2: forget
     * EHLO and any transaction). A broken peer says 220 and then hangs up, as a misconfigured MX does.
     */
    private boolean startTls() throws IOException {
        SSLContext context = settings.tls();
        if (context == null || tlsProtocol != null) {
            return send("502 5.5.1 STARTTLS not available");
        }
        send("220 2.0.0 Ready to start TLS");
        if (settings.brokenTls()) {
            socket.close();
            return false;
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        socket = tls;
        reader = new CrlfLineReader(new BufferedInputStream(tls.getInputStream()));
        out = new BufferedOutputStream(tls.getOutputStream());
        tlsProtocol = tls.getSession().getProtocol();
        heloName = null;
        authUser = null;
        resetTransaction();
        return true;
    }

    /** RFC 4954 with the PLAIN (RFC 4616) and LOGIN mechanisms, initial response allowed for both. */
    private boolean auth(String argument) throws IOException {
        if (settings.credentials().isEmpty() || heloName == null || authUser != null) {
            return send("503 5.5.1 AUTH not available now");
        }
        String[] parts = argument.split(" ", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1].trim() : null;
        String user;
        String password;
        if (mechanism.equals("PLAIN")) {
            String response = initial != null ? initial : challenge("");
            String[] fields = decode(response).split("\u0000", -1);
            if (fields.length != 3) {
                return send("501 5.5.2 Malformed PLAIN response");
            }
            user = fields[1];
            password = fields[2];
        } else if (mechanism.equals("LOGIN")) {
            user = decode(initial != null ? initial : challenge("VXNlcm5hbWU6"));
            password = decode(challenge("UGFzc3dvcmQ6"));
        } else {
            return send("504 5.5.4 Unrecognized authentication type");
        }
        if (!password.equals(settings.credentials().get(user))) {
            return send("535 5.7.8 Authentication credentials invalid");
        }
        authUser = user;
        return send("235 2.7.0 Authentication successful");
    }

    private String challenge(String text) throws IOException {
        send("334 " + text);
        byte[] line = reader.readLine();
        if (line == null) {
            throw new IOException("client left during AUTH");
        }
        String response = new String(line, StandardCharsets.US_ASCII);
        transcript.accept(response);
        return response;
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private boolean greet(String clientName, String reply) throws IOException {
        if (clientName.isEmpty()) {
            return send("501 5.5.4 Domain name required");
        }
        // RFC 5321 §4.1.4: EHLO or HELO also clears any transaction in progress.
        resetTransaction();
        if (reply.startsWith("2")) {
            heloName = clientName;
        }
        return send(reply);
    }

    private boolean mail(String argument) throws IOException {
        if (heloName == null) {
            return send("503 5.5.1 Send EHLO or HELO first");
        }
        if (reversePath != null) {
            return send("503 5.5.1 Nested MAIL command");
        }
        Matcher path = PATH.matcher(argument);
        if (!path.matches() || !path.group(1).equalsIgnoreCase("FROM")) {
            return send("501 5.5.4 Syntax: MAIL FROM:<address>");
        }
        if (!settings.credentials().isEmpty() && authUser == null) {
            return send("530 5.7.0 Authentication required");
        }
        Matcher size = SIZE_PARAM.matcher(path.group(3));
        if (size.find() && Long.parseLong(size.group(1)) > settings.sizeLimit()) {
            return send("552 5.3.4 Message size exceeds fixed limit");
        }
        String reply = settings.reply(Stage.MAIL, "250 2.1.0 Sender OK");
        if (reply.startsWith("2")) {
            reversePath = path.group(2);
        }
        return send(reply);
    }

    private boolean rcpt(String argument) throws IOException {
        if (reversePath == null) {
            return send("503 5.5.1 Need MAIL before RCPT");
        }
        Matcher path = PATH.matcher(argument);
        if (!path.matches() || !path.group(1).equalsIgnoreCase("TO")) {
            return send("501 5.5.4 Syntax: RCPT TO:<address>");
        }
        String address = path.group(2);
        if (settings.maxRecipients() > 0 && recipients.size() >= settings.maxRecipients()) {
            // RFC 5321 §4.5.3.1.10: the limit on recipients is answered with 452, and the client sends the
            // rest in a later transaction.
            return send("452 4.5.3 Too many recipients");
        }
        String rejection = settings.rejection(address);
        String reply = rejection != null ? rejection : settings.reply(Stage.RCPT, "250 2.1.5 Recipient OK");
        if (reply.startsWith("2")) {
            recipients.add(address);
        }
        return send(reply);
    }

    private boolean data() throws IOException {
        if (reversePath == null) {
            return send("503 5.5.1 Need MAIL before DATA");
        }
        if (recipients.isEmpty()) {
            // RFC 2920 §3.1: with pipelining the client may send DATA after all RCPTs failed.
            return send("554 5.5.1 No valid recipients");
        }
        String go = settings.reply(Stage.DATA, "354 End data with <CR><LF>.<CR><LF>");
        boolean open = send(go);
        if (!open || !go.startsWith("3")) {
            return open;
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] line;
        while ((line = reader.readLine()) != null) {
            if (line.length == 1 && line[0] == '.') {
                return endOfData(content.toByteArray());
            }
            if (settings.dropDuringData()) {
                // Simulates a peer that dies mid-transfer: some data arrived, the end never will.
                socket.close();
                return false;
            }
            // RFC 5321 §4.5.2: a leading dot was doubled by the client; remove one.
            int skip = line.length > 0 && line[0] == '.' ? 1 : 0;
            content.write(line, skip, line.length - skip);
            content.write('\r');
            content.write('\n');
        }
        return false;
    }

    private boolean endOfData(byte[] data) throws IOException {
        String reply = settings.reply(Stage.END_OF_DATA, "250 2.0.0 OK queued");
        if (reply.startsWith("2")) {
            // Logged before the reply is sent, so a client that saw 250 finds the message recorded.
            log.add(new ReceivedMessage(heloName, reversePath, recipients, data, tlsProtocol, authUser,
                    socket.getInetAddress().getHostAddress()));
        }
        resetTransaction();
        return send(reply);
    }

    private void resetTransaction() {
        reversePath = null;
        recipients.clear();
    }

    /**
     * Writes a reply (lines separated by {@code \n} become CRLF lines) and flushes it at once. RFC 2920 §3.2
     * lets a server batch the replies to pipelined commands, but it must not hold a reply back while the client
     * waits for it; deciding that from {@code available()} raced with partly arrived input, so we never batch.
     * Returns false after a 421, which closes the transmission channel (RFC 5321 §3.8).
     */
    private boolean send(String reply) throws IOException {
        settings.awaitNotStalled();
        for (String line : reply.split("\r?\n")) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
        }
        out.flush();
        return !reply.startsWith("421");
    }

    private static String verb(String command) {
        int space = command.indexOf(' ');
        return (space < 0 ? command : command.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
