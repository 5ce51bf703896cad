package io.postmesh.broker;

import io.postmesh.model.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Runs a single-node KRaft Kafka broker (broker and controller in one process) on loopback and creates
 * the pipeline's topics ({@link Topics#ALL}). Used by the test kit and by {@code ./postmesh up}:
 *
 * <pre>java -cp 'kafka-broker/target/lib/*:kafka-broker/target/kafka-broker-*.jar' io.postmesh.broker.LocalKafka \
 *     --port 9092 --controller-port 9093 --dir .postmesh/kafka</pre>
 *
 * Prints {@code POSTMESH-KAFKA-READY <bootstrap>} on standard output once the topics exist.
 */
public final class LocalKafka {

    public static void main(String[] args) throws Exception {
        int port = 9092;
        int controllerPort = 9093;
        Path dir = Path.of(".postmesh/kafka");
        String host = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--controller-port" -> controllerPort = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--host" -> host = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path logDir = dir.resolve("data").toAbsolutePath();
        Files.createDirectories(logDir);
        Path props = dir.resolve("server.properties").toAbsolutePath();
        writeServerProperties(props, host, port, controllerPort, logDir);
        format(dir, props);

        String bootstrap = host + ":" + port;
        Thread topics = new Thread(() -> createTopicsWhenUp(bootstrap), "create-topics");
        topics.setDaemon(true);
        topics.start();
        kafka.Kafka.main(new String[] {props.toString()});
    }

    static void writeServerProperties(Path file, String host, int port, int controllerPort, Path logDir)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("message.max.bytes", Integer.toString(Topics.MAX_RECORD_BYTES));
        p.setProperty("replica.fetch.max.bytes", Integer.toString(Topics.MAX_RECORD_BYTES));
        // One node: durability comes from the log on disk, as in any single-broker development setup.
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        // One broker serving one pipeline on a developer's machine: Kafka's defaults (8 request handlers, 3 network
        // threads) are sized for servers and only add thread switches on a laptop (ADR 39).
        p.setProperty("num.io.threads", Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        p.setProperty("num.network.threads", "1");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "written by io.postmesh.broker.LocalKafka");
        }
    }

    /** Formats the log directory once (KRaft needs a cluster id); a formatted directory is kept. */
    static void format(Path dir, Path props) throws Exception {
        Path idFile = dir.resolve("cluster.id");
        String clusterId;
        if (Files.exists(idFile)) {
            clusterId = Files.readString(idFile).strip();
        } else {
            clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            Files.writeString(idFile, clusterId);
        }
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", props.toString(),
                "--ignore-formatted"));
        int rc = kafka.tools.StorageTool.execute(args.toArray(String[]::new), new PrintStream(System.out, true));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed with " + rc);
        }
    }

    static void createTopicsWhenUp(String bootstrap) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "postmesh-topic-init-" + UUID.randomUUID());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.TopicSpec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(Map.copyOf(spec.configs())));
                }
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            System.out.println("POSTMESH-KAFKA-READY " + bootstrap);
            System.out.flush();
        } catch (Exception e) {
            System.err.println("POSTMESH-KAFKA-FAILED " + e);
            e.printStackTrace();
            Runtime.getRuntime().halt(3);
        }
    }

    private LocalKafka() {}
}
