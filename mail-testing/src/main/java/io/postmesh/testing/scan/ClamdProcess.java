package io.postmesh.testing.scan;

import io.postmesh.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * ClamAV's clamd (Debian {@code clamav-daemon}) on a free port of 127.0.0.1, with a private configuration and
 * a signature database of its own that knows one thing: the EICAR test file (an {@code .hdb} MD5 signature
 * of the file and an {@code .ndb} body signature that finds the string inside a mail). No freshclam, no
 * network. Ready when it answers {@code PING} with {@code PONG}.
 */
public final class ClamdProcess extends DaemonProcess {
    private static final Path BINARY = Path.of("/usr/sbin/clamd");
    /** The EICAR anti-virus test file (eicar.org): every scanner reports it, it harms nothing. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    /** The name our database gives it (clamd adds the database's suffix, e.g. {@code .UNOFFICIAL}). */
    public static final String SIGNATURE = "Postmesh-Test-EICAR";

    private final int port;

    private ClamdProcess(Path dir, int port) {
        super(dir, List.of(BINARY.toString(), "--foreground", "--config-file=" + dir.resolve("clamd.conf")),
                () -> ping(port), "clamd");
        this.port = port;
    }

    public static boolean installed() {
        return installed(BINARY);
    }

    public static ClamdProcess start() {
        int port = Ports.freePort();
        Path dir;
        try {
            dir = Files.createTempDirectory("postmesh-clamd-");
            Path db = Files.createDirectories(dir.resolve("db"));
            byte[] eicar = EICAR.getBytes(StandardCharsets.US_ASCII);
            Files.writeString(db.resolve("postmesh.hdb"),
                    md5(eicar) + ":" + eicar.length + ":" + SIGNATURE + "\n", StandardCharsets.US_ASCII);
            Files.writeString(db.resolve("postmesh.ndb"),
                    SIGNATURE + ":0:*:" + HexFormat.of().formatHex(eicar) + "\n", StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("clamd.conf"), String.join("\n",
                    "Foreground yes",
                    "TCPAddr 127.0.0.1",
                    "TCPSocket " + port,
                    "DatabaseDirectory " + db,
                    "TemporaryDirectory " + dir,
                    "PidFile " + dir.resolve("clamd.pid"),
                    "LogVerbose no",
                    "StreamMaxLength 30M",
                    "MaxThreads 2",
                    "") , StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClamdProcess(dir, port);
    }

    public int port() {
        return port;
    }

    private static boolean ping(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
