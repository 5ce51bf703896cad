package io.postmesh.delivery.it;

import io.postmesh.testing.Ports;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.smtp.SmtpPeer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test resource for the lanes: {@code slow.test}'s MX (127.0.0.8) accepts connections and never says a word,
 * so every bulk job to it costs a full command timeout; {@code fast.test}'s MX (127.0.0.9) is a normal peer.
 */
public class LaneInfra implements QuarkusTestResourceLifecycleManager {
    static volatile SmtpPeer fast;
    static volatile TestDnsServer dns;
    static volatile ServerSocket silent;
    static final List<Socket> held = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        int port = Ports.freePort("127.0.0.9");
        fast = SmtpPeer.start("127.0.0.9", port);
        try {
            silent = new ServerSocket();
            silent.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.8"), port), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-mx");
        acceptor.setDaemon(true);
        acceptor.start();
        dns = TestDnsServer.start(new Zones()
                .mx("slow.test", 10, "mx.slow.test").a("mx.slow.test", "127.0.0.8")
                .mx("fast.test", 10, "mx.fast.test").a("mx.fast.test", "127.0.0.9"));
        return Map.of(
                "postmesh.delivery.mode", "mx",
                "postmesh.delivery.dns.server", dns.hostPort(),
                "postmesh.delivery.mx-port", Integer.toString(port),
                "postmesh.delivery.connect-timeout", "2s",
                "postmesh.delivery.command-timeout", "2s",
                "mp.messaging.incoming.jobs.group.id", "delivery-lane-test",
                "mp.messaging.incoming.transactional-jobs.group.id", "delivery-lane-test-transactional");
    }

    @Override
    public void stop() {
        try {
            silent.close();
            for (Socket s : held) {
                s.close();
            }
        } catch (IOException ignored) {
            // best effort
        }
        fast.close();
        dns.close();
    }
}
