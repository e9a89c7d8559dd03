package dev.podbench.local;

import dev.podbench.embedded.KafkaBroker;
import dev.podbench.embedded.LocalTokens;
import dev.podbench.embedded.PostgresServer;
import dev.podbench.events.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ./podbench up}: the whole system on one machine. Starts an embedded PostgreSQL (a database per
 * service that owns data) and an in-process Kafka broker, then the six services with the {@code local} profile, waits
 * until all are healthy and prints the dashboard link with an access token. SIGINT/SIGTERM stop
 * everything in reverse order.
 */
public final class PodbenchLauncher {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration HEALTH_POLL = Duration.ofMillis(200);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int MAX_RESTARTS = 3;
    private static final Duration TOKEN_LIFETIME = Duration.ofDays(30);

    private final LauncherOptions options;
    private final PrintStream out;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private PostgresServer postgres;
    private KafkaBroker kafka;
    // still starting when something fails or a signal comes: stopAll waits for them, then stops what did start
    private volatile CompletableFuture<PostgresServer> databaseStarting;
    private volatile CompletableFuture<KafkaBroker> brokerStarting;
    private FileLock homeLock;

    private PodbenchLauncher(LauncherOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("podbench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(LauncherOptions.USAGE);
            return;
        }
        System.exit(new PodbenchLauncher(options, System.out).run());
    }

    private int run() {
        long started = System.nanoTime();
        try {
            prepareHome();
            quietInfrastructureLogs();
            checkPortsFree();
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "podbench-shutdown"));

            databaseStarting = startDatabase();
            brokerStarting = startBroker();
            // meanwhile: a new home's signing key (RSA, about a second of CPU) is generated here, not before them
            LocalTokens tokens = LocalTokens.loadOrCreate(options.home().resolve("keys"));
            String token = tokens.issue("local", System.getProperty("user.name", "local"), Set.of("user", "admin"),
                    TOKEN_LIFETIME);
            awaitDatabase();

            // Kafka may still be starting: a service connects to it only once initialised, which takes seconds, and
            // it is not healthy before it has. On a restart this overlaps most of the broker's start.
            Map<String, String> shared = sharedEnvironment(tokens);
            for (LocalService service : LocalService.all(options)) {
                Path runner = service.runner(options.root());
                if (!Files.isRegularFile(runner)) {
                    throw new LaunchException(service.name() + " is not built (" + runner
                            + " is missing): run ./podbench up, which builds it, or ./mvnw package -DskipTests");
                }
                Map<String, String> env = new HashMap<>(shared);
                env.put("QUARKUS_HTTP_PORT", String.valueOf(service.port()));
                env.putAll(GitHostEnvironment.forService(service, System.getenv()));
                service.database().ifPresent(database -> env.putAll(postgres.serviceEnvironment(database)));
                ServiceProcess process = new ServiceProcess(service, runner,
                        options.home().resolve("logs").resolve(service.name() + ".log"), env);
                services.add(process);
                process.start();
            }
            awaitHealthy();

            writeToken(token);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("%nPodbench is up: all %d services healthy in %.1f s.%n", services.size(), seconds);
            out.printf("  Dashboard: http://127.0.0.1:%d/?token=%s%n", options.uiPort(), token);
            out.printf("  Token:     %s (also for 'Authorization: Bearer' in scripts)%n",
                    options.home().resolve("token"));
            out.printf("  Logs:      %s%n", options.home().resolve("logs"));
            out.println("Press Ctrl-C to stop.");
            superviseUntilStopped();
            return 0;
        } catch (LaunchException e) {
            System.err.println("podbench: " + e.getMessage());
            stopAll();
            return 1;
        } catch (Exception e) {
            System.err.println("podbench: start failed: " + e);
            stopAll();
            return 1;
        }
    }

    private void prepareHome() throws IOException {
        Files.createDirectories(options.home());
        Files.createDirectories(options.home().resolve("logs"));
        removeRecordedArchives();
        FileChannel channel = FileChannel.open(options.home().resolve("launcher.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        homeLock = channel.tryLock();
        if (homeLock == null) {
            throw new LaunchException("another Podbench is already running with home " + options.home()
                    + " (stop it first, or use --home)");
        }
    }

    /** Launchers before build-time archives recorded their own here (hundreds of MB no longer used). */
    private void removeRecordedArchives() throws IOException {
        deleteTree(options.home().resolve("cds"));
    }

    /** Written by the build ({@link LauncherTraining}); a home without a cluster starts from a copy of it. */
    static Path databaseTemplate(Path root) {
        return root.resolve("deploy/local/target/postgres-template");
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** The broker and the database run in this JVM; their chatter goes to a log file, not the console. */
    private void quietInfrastructureLogs() {
        System.setProperty("org.slf4j.simpleLogger.logFile", options.home().resolve("logs/infrastructure.log").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    }

    private void checkPortsFree() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (LocalService service : LocalService.all(options)) {
            ports.put(service.port(), service.name() + (service.name().equals("web-ui") ? " (--port)" : " (--services-port)"));
        }
        ports.put(options.postgresPort(), "PostgreSQL (--postgres-port)");
        ports.put(options.kafkaPort(), "Kafka (--kafka-port)");
        ports.put(options.kafkaPort() + 1, "Kafka controller (--kafka-port + 1)");
        if (ports.size() < 3 + LocalService.all(options).size()) {
            throw new LaunchException("two components were given the same port: " + ports);
        }
        List<String> busy = PortCheck.busy(ports);
        if (!busy.isEmpty()) {
            throw new LaunchException("already in use: " + String.join(", ", busy)
                    + ". Stop whatever uses it or choose other ports (see --help).");
        }
    }

    private Map<String, String> sharedEnvironment(LocalTokens tokens) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_PROFILE", "local");
        env.put("PODBENCH_HOME", options.home().toString());
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + options.kafkaPort());
        env.put("PODBENCH_TOKEN_PUBLIC_KEY", tokens.publicKeyBase64());
        env.put("PODBENCH_DASHBOARD_ORIGIN", "http://127.0.0.1:" + options.uiPort());
        for (LocalService service : LocalService.all(options)) {
            env.put("PODBENCH_" + service.name().toUpperCase().replace('-', '_') + "_URL", service.url());
        }
        return env;
    }

    /** PostgreSQL and Kafka start side by side, on threads of their own: neither needs the other. */
    private CompletableFuture<PostgresServer> startDatabase() {
        return CompletableFuture.supplyAsync(() -> {
            PostgresServer server = PostgresServer.start(options.home().resolve("postgres"), options.postgresPort(),
                    databaseTemplate(options.root()));
            try {
                createDatabases(server, options);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        });
    }

    private CompletableFuture<KafkaBroker> startBroker() {
        return CompletableFuture.supplyAsync(() -> {
            KafkaBroker server = KafkaBroker.start(options.home().resolve("kafka"), options.kafkaPort(),
                    options.kafkaPort() + 1);
            try {
                createTopics(server);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        });
    }

    static void createDatabases(PostgresServer server, LauncherOptions options) {
        for (LocalService service : LocalService.all(options)) {
            service.database().ifPresent(server::createDatabase);
        }
    }

    static void createTopics(KafkaBroker broker) {
        broker.createTopics(Topics.all().stream()
                .map(topic -> KafkaBroker.TopicSpec.of(topic.name(), topic.compacted())).toList());
    }

    /** The services need their databases before anything else. */
    private void awaitDatabase() {
        long started = System.nanoTime();
        out.print("  starting PostgreSQL  ");
        out.flush();
        try {
            postgres = databaseStarting.join();
        } catch (CompletionException e) {
            throw new LaunchException("PostgreSQL failed to start: " + e.getCause());
        }
        out.printf("ok (%.1f s)%n", (System.nanoTime() - started) / 1e9);
    }

    private void awaitHealthy() throws InterruptedException {
        long started = System.nanoTime();
        out.printf("  starting Kafka and %d services  ", services.size());
        out.flush();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        List<ServiceProcess> pending = new ArrayList<>(services);
        while (!pending.isEmpty() || kafka == null) {
            if (kafka == null && brokerStarting.isDone()) {
                try {
                    kafka = brokerStarting.join();
                } catch (CompletionException e) {
                    throw new LaunchException("Kafka failed to start: " + e.getCause());
                }
            }
            for (ServiceProcess process : List.copyOf(pending)) {
                if (!process.isAlive()) {
                    throw new LaunchException(process.service().name() + " exited with code " + process.exitCode()
                            + " during start. Last lines of " + process.logFile() + ":\n" + process.logTail(25));
                }
                if (process.isHealthy()) {
                    pending.remove(process);
                    out.print(".");
                    out.flush();
                }
            }
            if (System.nanoTime() > deadline) {
                if (pending.isEmpty()) {
                    throw new LaunchException("Kafka did not finish starting in " + STARTUP_TIMEOUT.toSeconds()
                            + " s; see " + options.home().resolve("logs/infrastructure.log"));
                }
                ServiceProcess first = pending.get(0);
                throw new LaunchException("not healthy after " + STARTUP_TIMEOUT.toSeconds() + " s: "
                        + pending.stream().map(p -> p.service().name()).toList() + ". Last lines of "
                        + first.logFile() + ":\n" + first.logTail(25));
            }
            if (!pending.isEmpty() || kafka == null) {
                Thread.sleep(HEALTH_POLL.toMillis());
            }
        }
        out.printf(" ok (%.1f s)%n", (System.nanoTime() - started) / 1e9);
    }

    /** Keeps the services running: one that dies is restarted, up to {@value #MAX_RESTARTS} times. */
    private void superviseUntilStopped() throws Exception {
        while (!stopping) {
            for (ServiceProcess process : services) {
                if (!stopping && !process.isAlive()) {
                    if (process.restarts() >= MAX_RESTARTS) {
                        throw new LaunchException(process.service().name() + " keeps exiting (code "
                                + process.exitCode() + "); see " + process.logFile());
                    }
                    out.printf("%s exited with code %d; restarting it (see %s)%n", process.service().name(),
                            process.exitCode(), process.logFile());
                    process.restart();
                }
            }
            stopped.await(1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private void writeToken(String token) throws IOException {
        Path file = options.home().resolve("token");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    }

    private synchronized void stopAll() {
        if (stopping && stopped.getCount() == 0) {
            return;
        }
        stopping = true;
        boolean anything = !services.isEmpty() || databaseStarting != null;
        if (anything) {
            out.println("\nStopping Podbench...");
        }
        services.forEach(ServiceProcess::requestStop);
        for (ServiceProcess process : services) {
            try {
                process.awaitStop(STOP_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        postgres = postgres != null ? postgres : startedOrNull(databaseStarting);
        kafka = kafka != null ? kafka : startedOrNull(brokerStarting);
        closeQuietly(kafka);
        kafka = null;
        closeQuietly(postgres);
        postgres = null;
        try {
            if (homeLock != null) {
                homeLock.release();
                homeLock.channel().close();
            }
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
        if (anything) {
            out.println("Stopped.");
        }
        stopped.countDown();
    }

    private static <T> T startedOrNull(CompletableFuture<T> starting) {
        if (starting == null) {
            return null;
        }
        try {
            return starting.join();
        } catch (CompletionException | CancellationException e) {
            return null; // it failed: nothing to stop
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("podbench: while stopping: " + e);
        }
    }

    static final class LaunchException extends RuntimeException {
        LaunchException(String message) {
            super(message);
        }
    }
}
