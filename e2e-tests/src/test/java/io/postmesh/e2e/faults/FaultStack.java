package io.postmesh.e2e.faults;

import io.postmesh.testing.Ports;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.kafka.KafkaBroker;
import io.postmesh.testing.process.ServiceProcess;
import io.postmesh.testing.redis.RedisServerProcess;
import io.postmesh.testing.smtp.SmtpPeer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline on loopback, private to one fault run so that the run may break any part of it: its own
 * Kafka broker and Redis (append-only file, as {@code ./postmesh up} runs it), a DNS server with 1-second TTLs,
 * the recipient domain's MX (an {@link SmtpPeer} on 127.0.0.2 whose behaviour the faults switch), the sender
 * domain's MX on 127.0.0.3 (DSNs land there, apart from the checked mail), and the four services as processes.
 */
final class FaultStack implements AutoCloseable {
    static final List<String> SERVICES = List.of("ingress-service", "queue-service", "delivery-service",
            "bounce-service");
    static final String DOMAIN = "faults.test";
    static final String MX_HOST = "mx." + DOMAIN;
    static final String SENDER_DOMAIN = "sender.faults.test";

    private final Path logs;
    private final KafkaBroker kafka;
    private final RedisServerProcess redis;
    private final TestDnsServer dns;
    private final SmtpPeer mx;
    private final SmtpPeer senderMx;
    private final int smtpPort;
    private final Map<String, Map<String, String>> config = new HashMap<>();
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();

    private FaultStack(Path logs) {
        this.logs = logs;
        kafka = KafkaBroker.start();
        redis = RedisServerProcess.startPersistent();
        int mxPort = Ports.freePort("127.0.0.2");
        mx = SmtpPeer.start("127.0.0.2", mxPort);
        senderMx = SmtpPeer.start("127.0.0.3", mxPort);
        // TTL 1 s: the delivery service caches positive answers for their TTL, and a fault must reach it.
        dns = TestDnsServer.start(mxRecords(new Zones().ttl(1)));
        smtpPort = Ports.freePort();
        Map<String, String> common = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                // A killed member's partitions move on when its session expires: keep that short.
                "kafka.session.timeout.ms", "10000",
                "kafka.heartbeat.interval.ms", "1000",
                "quarkus.redis.hosts", redis.uri(),
                "quarkus.otel.sdk.disabled", "true",
                "quarkus.http.host", "127.0.0.1",
                "quarkus.log.file.enabled", "false");
        for (String module : SERVICES) {
            Map<String, String> all = new HashMap<>(common);
            all.put("quarkus.http.port", Integer.toString(Ports.freePort()));
            config.put(module, all);
        }
        config.get("ingress-service").putAll(Map.of(
                "postmesh.ingress.smtp.port", Integer.toString(smtpPort),
                "postmesh.ingress.hostname", "in.faults.test",
                "postmesh.ingress.relay-domains", DOMAIN));
        // Deferred mail comes back within seconds, not Postfix's 5 minutes, so a run converges in minutes.
        config.get("queue-service").putAll(Map.of(
                "postmesh.queue.retry.first", "2s",
                "postmesh.queue.retry.max-interval", "10s"));
        config.get("delivery-service").putAll(Map.of(
                "postmesh.delivery.mode", "mx",
                "postmesh.delivery.dns.server", dns.hostPort(),
                "postmesh.delivery.mx-port", Integer.toString(mxPort),
                "postmesh.delivery.helo-name", "out.faults.test",
                "postmesh.delivery.connect-timeout", "5s",
                // RFC 5321 §4.5.3.2 asks for minutes; a stalled MX must fail over within the run.
                "postmesh.delivery.command-timeout", "15s"));
        config.get("bounce-service").put("postmesh.bounce.reporting-mta", "out.faults.test");
    }

    static FaultStack start(Path logs) {
        FaultStack stack = new FaultStack(logs);
        try {
            SERVICES.forEach(stack::startService);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The MX records of both domains, added to {@code zones} (again after a SERVFAIL period cleared them). */
    static Zones mxRecords(Zones zones) {
        return zones.mx(DOMAIN, 10, MX_HOST).a(MX_HOST, "127.0.0.2")
                .mx(SENDER_DOMAIN, 10, "mx." + SENDER_DOMAIN).a("mx." + SENDER_DOMAIN, "127.0.0.3");
    }

    void startService(String module) {
        running.put(module, ServiceProcess.start(module, config.get(module), logs));
    }

    /** SIGKILL, as a crash or the OOM killer: no shutdown hook, no offset commit, no flush. */
    void killService(String module) {
        ServiceProcess service = running.remove(module);
        if (service != null) {
            service.kill();
        }
    }

    Map<String, ServiceProcess> services() {
        return Map.copyOf(running);
    }

    KafkaBroker kafka() {
        return kafka;
    }

    RedisServerProcess redis() {
        return redis;
    }

    TestDnsServer dns() {
        return dns;
    }

    SmtpPeer mx() {
        return mx;
    }

    int smtpPort() {
        return smtpPort;
    }

    Path logs() {
        return logs;
    }

    @Override
    public void close() {
        running.values().forEach(ServiceProcess::close);
        running.clear();
        closeQuietly(mx);
        closeQuietly(senderMx);
        closeQuietly(dns);
        closeQuietly(redis);
        closeQuietly(kafka);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Best effort at the end of a run; the next part still has to stop.
        }
    }
}
