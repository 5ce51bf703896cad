package io.postmesh.testing.scan;

import io.postmesh.testing.Ports;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * rspamd (Debian {@code rspamd}) on free ports of 127.0.0.1: the packaged configuration with a private
 * local configuration directory ({@code LOCAL_CONFDIR}), database and run directories. No Redis (the modules
 * that need it stay off, with a warning). Nothing leaves the machine: rspamd's resolver asks a test DNS server
 * of its own that knows no names (every RBL, SPF and map lookup is NXDOMAIN at once), and the fuzzy check,
 * whose servers the packaged configuration names by host, is disabled. Ready when {@code /ping} answers.
 */
public final class RspamdProcess extends DaemonProcess {
    private static final Path BINARY = Path.of("/usr/bin/rspamd");

    private final int port;
    private final TestDnsServer dns;

    private RspamdProcess(Path dir, int port, TestDnsServer dns) {
        super(dir, List.of(BINARY.toString(), "-f", "-i", "-u", "root", "-g", "root",
                "-c", "/etc/rspamd/rspamd.conf",
                "--var=LOCAL_CONFDIR=" + dir, "--var=DBDIR=" + dir.resolve("db"),
                "--var=RUNDIR=" + dir.resolve("run"), "--var=LOGDIR=" + dir), () -> ping(port), "rspamd");
        this.port = port;
        this.dns = dns;
    }

    public static boolean installed() {
        return installed(BINARY);
    }

    public static RspamdProcess start() {
        TestDnsServer dns = TestDnsServer.start(new Zones());
        int port = Ports.freePort();
        Path dir;
        try {
            dir = Files.createTempDirectory("postmesh-rspamd-");
            Files.createDirectories(dir.resolve("db"));
            Files.createDirectories(dir.resolve("run"));
            Path local = Files.createDirectories(dir.resolve("local.d"));
            Path override = Files.createDirectories(dir.resolve("override.d"));
            write(local.resolve("worker-normal.inc"), "bind_socket = \"127.0.0.1:" + port + "\";\ncount = 1;\n");
            write(local.resolve("worker-controller.inc"),
                    "bind_socket = \"127.0.0.1:" + Ports.freePort() + "\";\ncount = 1;\n");
            write(local.resolve("worker-proxy.inc"),
                    "bind_socket = \"127.0.0.1:" + Ports.freePort() + "\";\ncount = 1;\n");
            write(local.resolve("logging.inc"), "type = \"console\";\nlevel = \"warning\";\n");
            write(local.resolve("options.inc"), "dns {\n  nameserver = [\"" + dns.hostPort() + "\"];\n"
                    + "  timeout = 1s;\n  retransmits = 1;\n}\n");
            write(override.resolve("fuzzy_check.conf"), "enabled = false;\n");
        } catch (IOException e) {
            dns.close();
            throw new UncheckedIOException(e);
        }
        try {
            return new RspamdProcess(dir, port, dns);
        } catch (RuntimeException e) {
            dns.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT}: the normal worker, which serves {@code /checkv2}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        super.close();
        dns.close();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static boolean ping(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET /ping HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).contains("pong");
        } catch (IOException notYet) {
            return false;
        }
    }
}
