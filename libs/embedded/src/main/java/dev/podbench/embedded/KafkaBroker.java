package dev.podbench.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An Apache Kafka 4.1 broker running in this JVM in KRaft combined mode (one node that is both broker and
 * controller), listening on 127.0.0.1 only.
 *
 * <p>With a log directory the broker is persistent: the directory is formatted once (its cluster id is kept in
 * {@code meta.properties}) and reused with all its topics and records on every later start. Without one, a
 * temporary directory is used and deleted on {@link #close()}.
 *
 * <p>A JVM shutdown hook closes a broker that was not closed explicitly.
 */
public final class KafkaBroker implements AutoCloseable {

    /** A topic to create: {@code compacted} sets {@code cleanup.policy=compact}. */
    public record TopicSpec(String name, int partitions, boolean compacted) {
        public TopicSpec {
            Objects.requireNonNull(name, "name");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1");
            }
        }

        /** One partition. */
        public static TopicSpec of(String name, boolean compacted) {
            return new TopicSpec(name, 1, compacted);
        }
    }

    public static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "PLAINTEXT";

    private final KafkaRaftServer server;
    private final Path logDirectory;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private final Thread shutdownHook;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, Path logDirectory, boolean temporary, int port, int controllerPort,
                        String clusterId) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.temporary = temporary;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.shutdownHook = new Thread(this::close, "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats the log directory if needed and starts the broker; returns once it accepts clients.
     *
     * @param logDirOrNull      a persistent log directory, or {@code null} for a temporary one deleted on close
     * @param portOr0           the client (PLAINTEXT) port on 127.0.0.1, or 0 for a free one
     * @param controllerPortOr0 the KRaft controller port on 127.0.0.1, or 0 for a free one
     */
    public static KafkaBroker start(Path logDirOrNull, int portOr0, int controllerPortOr0) {
        checkPort(portOr0);
        checkPort(controllerPortOr0);
        boolean temporary = logDirOrNull == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("podbench-kafka-")
                    : Files.createDirectories(logDirOrNull.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean freePorts = portOr0 == 0 || controllerPortOr0 == 0;
        RuntimeException failure = null;
        for (int attempt = 0; attempt < (freePorts ? 3 : 1); attempt++) {
            try {
                int port = portOr0 != 0 ? portOr0 : freePort();
                int controllerPort = controllerPortOr0 != 0 ? controllerPortOr0 : freePort(port);
                return startOnce(dir, temporary, port, controllerPort);
            } catch (RuntimeException e) { // e.g. a free port taken meanwhile
                failure = e;
            }
        }
        if (temporary) {
            deleteQuietly(dir);
        }
        throw failure;
    }

    private static KafkaBroker startOnce(Path dir, boolean temporary, int port, int controllerPort) {
        String clusterId = readClusterId(dir).orElseGet(() -> Uuid.randomUuid().toString());
        Properties props = brokerProperties(dir, port, controllerPort);
        format(props, dir, clusterId);
        KafkaConfig config = new KafkaConfig(props, false);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException ignored) {
                // already failing
            }
            throw new IllegalStateException("Kafka broker failed to start on 127.0.0.1:" + port
                    + " (controller " + controllerPort + ") in " + dir, e);
        }
        return new KafkaBroker(server, dir, temporary, port, controllerPort, clusterId);
    }

    static Properties brokerProperties(Path dir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", dir.toString());
        // one node: replication 1 everywhere
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // small and light: this runs beside six services on a laptop
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    /**
     * {@code kafka-storage.sh format --cluster-id ID --ignore-formatted}: writes {@code meta.properties} and the
     * bootstrap metadata on first use, does nothing on a formatted directory (the cluster id must match, hence
     * it is read back from {@code meta.properties}).
     */
    private static void format(Properties props, Path dir, String clusterId) {
        Path configFile = null;
        try {
            configFile = Files.createTempFile("podbench-kafka-", ".properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, null);
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "--config", configFile.toString(),
                    "--cluster-id", clusterId, "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format exited with " + rc + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not format Kafka log directory " + dir, e);
        } finally {
            if (configFile != null) {
                try {
                    Files.deleteIfExists(configFile);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static java.util.Optional<String> readClusterId(Path dir) {
        Path meta = dir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return java.util.Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Optional.ofNullable(p.getProperty("cluster.id"));
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public String clusterId() {
        return clusterId;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /**
     * Creates the topics that do not exist yet and makes the existing ones' {@code cleanup.policy} match;
     * returns once all of them have a leader. Replication factor is 1.
     */
    public void createTopics(Collection<TopicSpec> topics) {
        createTopics(bootstrapServers(), topics);
    }

    /** {@link #createTopics(Collection)} against any broker (replication factor 1). */
    public static void createTopics(String bootstrapServers, Collection<TopicSpec> topics) {
        if (topics.isEmpty()) {
            return;
        }
        Map<String, Object> conf = new HashMap<>();
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        conf.put(AdminClientConfig.CLIENT_ID_CONFIG, "podbench-embedded-admin");
        try (Admin admin = Admin.create(conf)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> create = new ArrayList<>();
            Map<ConfigResource, Collection<AlterConfigOp>> alter = new HashMap<>();
            for (TopicSpec t : topics) {
                String policy = t.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
                if (existing.contains(t.name())) {
                    alter.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, policy), AlterConfigOp.OpType.SET)));
                } else {
                    create.add(new NewTopic(t.name(), t.partitions(), (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, policy)));
                }
            }
            if (!create.isEmpty()) {
                for (var f : admin.createTopics(create).values().values()) {
                    try {
                        f.get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            if (!alter.isEmpty()) {
                admin.incrementalAlterConfigs(alter).all().get(30, TimeUnit.SECONDS);
            }
            awaitLeaders(admin, topics.stream().map(TopicSpec::name).collect(Collectors.toSet()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics " + topics, e);
        }
    }

    private static void awaitLeaders(Admin admin, Set<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                if (d.values().stream().flatMap(t -> t.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // UnknownTopicOrPartition until the broker has caught up with the controller
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics have no leader yet: " + names);
            }
            Thread.sleep(50);
        }
    }

    /** Shuts the broker down and waits for it; deletes a temporary log directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this may be the hook itself
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (temporary) {
                deleteQuietly(logDirectory);
            }
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", controller 127.0.0.1:" + controllerPort + ", " + logDirectory + "]";
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
    }

    private static int freePort(int... avoid) {
        for (int i = 0; i < 10; i++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int p = s.getLocalPort();
                if (java.util.Arrays.stream(avoid).noneMatch(a -> a == p)) {
                    return p;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
