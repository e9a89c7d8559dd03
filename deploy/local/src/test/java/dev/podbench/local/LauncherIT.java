package dev.podbench.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.podbench.events.Topics;

/**
 * {@code ./podbench up} end to end: the packaged launcher with the six packaged services, real PostgreSQL and
 * Kafka. Checks health, the token, a clean stop on SIGTERM with nothing left running, and a restart on the same
 * home that keeps the data.
 */
class LauncherIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;

    private final List<Process> launchers = new ArrayList<>();
    private int uiPort;
    private int servicesPort;
    private int postgresPort;
    private int kafkaPort;

    @BeforeEach
    void choosePorts() throws IOException {
        uiPort = freePortRun(1);
        servicesPort = freePortRun(5);
        postgresPort = freePortRun(1);
        kafkaPort = freePortRun(2);
    }

    @AfterEach
    void killLeftovers() {
        launchers.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Test
    void upReachesAllHealthyStopsCleanlyAndKeepsDataAcrossRestarts() throws Exception {
        Run first = start();
        assertTrue(first.output().stream().anyMatch(l -> l.contains("http://127.0.0.1:" + uiPort + "/?token=")),
                "prints the dashboard link with the token: " + first.output());

        Path tokenFile = home.resolve("token");
        String token = Files.readString(tokenFile).trim();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        assertEquals(3, token.split("\\.").length, "a signed JWT");
        assertTrue(first.output().stream().anyMatch(l -> l.contains(token)));
        assertNewHomeCopiedTheDatabaseTemplate();

        for (LocalService service : services()) {
            HttpResponse<String> health = get(service.url() + "/q/health", null);
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("Kafka"), service.name() + ": " + health.body());
            assertEquals(service.database().isPresent(), health.body().contains("PostgreSQL"),
                    service.name() + " checks its own database, if it has one: " + health.body());
            HttpResponse<String> refused = get(service.url() + "/api/no-such-resource", null);
            assertEquals(401, refused.statusCode(), service.name());
            assertTrue(refused.body().contains("\"error\""), service.name() + " answers JSON: " + refused.body());
        }

        writeMarkers();
        List<ProcessHandle> children = first.process().descendants().collect(Collectors.toList());
        assertTrue(children.size() >= 6, "six service JVMs run under the launcher: " + children);
        assertEveryServiceMapsItsStartupArchive(first);
        long postgresPid = postmasterPid();
        assertTrue(ProcessHandle.of(postgresPid).map(ProcessHandle::isAlive).orElse(false));

        stop(first);
        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), "left running: " + child.info());
        }
        assertFalse(ProcessHandle.of(postgresPid).map(ProcessHandle::isAlive).orElse(false), "postgres left running");

        Run second = start();
        assertEquals(200, get(services().get(0).url() + "/q/health", null).statusCode());
        assertMarkersSurvived();
        stop(second);
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(uiPort, 1, InetAddress.getLoopbackAddress())) {
            Process process = launcher();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, process.exitValue());
            assertTrue(output.contains("port " + uiPort + " for web-ui (--port)"), output);
        }
    }

    @Test
    void aSignalWhileStartingLeavesNothingBehind() throws Exception {
        Run run = follow(launcher());
        // printed once PostgreSQL and Kafka are starting, each on a thread of its own
        await().atMost(Duration.ofSeconds(60)).failFast(() -> !run.process().isAlive())
                .until(() -> run.output().stream().anyMatch(l -> l.contains("starting PostgreSQL")));
        run.process().toHandle().destroy();
        assertTrue(run.process().waitFor(90, TimeUnit.SECONDS), "launcher stops on SIGTERM");
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().orElse("").contains(home.toString())));
        assertTrue(PortCheck.busy(Map.of(postgresPort, "PostgreSQL")).isEmpty(), "PostgreSQL's port is free again");
    }

    private record Run(Process process, List<String> output, Thread reader) {
    }

    private Run start() throws Exception {
        Run run = follow(launcher());
        Process process = run.process();
        List<String> output = run.output();
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .failFast(() -> !process.isAlive())
                    .until(() -> output.stream().anyMatch(l -> l.startsWith("Podbench is up")));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            run.reader().join(5_000); // what it printed last, after it ended
            throw new AssertionError("the launcher did not come up; it printed: " + output, e);
        }
        return run;
    }

    private static Run follow(Process process) {
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException ignored) {
                // the process ended
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
        return new Run(process, output, reader);
    }

    private void stop(Run run) throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close our end of its output
        run.process().toHandle().destroy();
        assertTrue(run.process().waitFor(90, TimeUnit.SECONDS), "launcher stops on SIGTERM");
        run.reader().join(10_000); // the last lines
        assertTrue(run.output().stream().anyMatch(l -> l.equals("Stopped.")), run.output().toString());
    }

    private Process launcher() throws IOException {
        // as ./podbench runs it, with its class-data-sharing archive; -Xshare:on: a JVM that cannot map it fails
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on", "-XX:SharedArchiveFile=" + System.getProperty("podbench.launcher.archive"),
                "-Dpodbench.root=" + System.getProperty("podbench.root"),
                "-jar", System.getProperty("podbench.launcher.jar"), "up",
                "--home", home.toString(), "--port", String.valueOf(uiPort),
                "--services-port", String.valueOf(servicesPort), "--postgres-port", String.valueOf(postgresPort),
                "--kafka-port", String.valueOf(kafkaPort));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        launchers.add(process);
        return process;
    }

    private List<LocalService> services() {
        return LocalService.all(LauncherOptions.parse(List.of("up", "--port", String.valueOf(uiPort),
                "--services-port", String.valueOf(servicesPort)), Map.of()));
    }

    /** A row in a service's database and a record on the compacted snapshot topic. */
    private void writeMarkers() throws Exception {
        try (Connection db = connect("podbench_cost"); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE launcher_it_marker (note text)");
            sql.execute("INSERT INTO launcher_it_marker VALUES ('kept')");
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SESSIONS, "launcher-it", "kept")).get(30, TimeUnit.SECONDS);
        }
    }

    private void assertMarkersSurvived() throws Exception {
        try (Connection db = connect("podbench_cost"); Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT note FROM launcher_it_marker")) {
            assertTrue(rows.next());
            assertEquals("kept", rows.getString(1));
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.SESSIONS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + "=" + r.value()));
                return values.contains("launcher-it=kept");
            });
        }
    }

    private Connection connect(String database) throws Exception {
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        credentials.setProperty("password", "postgres");
        return new org.postgresql.Driver().connect(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database, credentials);
    }

    /** The build's class-data-sharing archive is not only named on the command line but really mapped. */
    private void assertEveryServiceMapsItsStartupArchive(Run run) throws IOException {
        List<ProcessHandle> jvms = run.process().descendants()
                .filter(child -> child.info().commandLine().orElse("").contains("quarkus-run.jar")).toList();
        assertEquals(services().size(), jvms.size(), jvms.toString());
        for (LocalService service : services()) {
            Path archive = service.runner(Path.of(System.getProperty("podbench.root"))).resolveSibling(ServiceProcess.STARTUP_ARCHIVE);
            assertTrue(Files.isRegularFile(archive), "the build wrote " + archive);
        }
        for (ProcessHandle jvm : jvms) {
            String maps = Files.readString(Path.of("/proc", String.valueOf(jvm.pid()), "maps"));
            assertTrue(maps.contains(ServiceProcess.STARTUP_ARCHIVE), jvm.info().commandLine().orElse("")
                    + " maps its start-up archive");
        }
    }

    /** Clusters share their system identifier (the first 8 bytes of pg_control) only if one is a copy of the other. */
    private void assertNewHomeCopiedTheDatabaseTemplate() throws IOException {
        Path template = PodbenchLauncher.databaseTemplate(Path.of(System.getProperty("podbench.root")));
        byte[] templateId = Arrays.copyOf(Files.readAllBytes(template.resolve("global/pg_control")), 8);
        byte[] homeId = Arrays.copyOf(Files.readAllBytes(home.resolve("postgres/global/pg_control")), 8);
        assertArrayEquals(templateId, homeId, "the new home's PostgreSQL is a copy of the build's template");
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).trim());
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first port of {@code count} consecutive free ports, away from the defaults. */
    private static int freePortRun(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                first = probe.getLocalPort();
            }
            if (first + count > 65535) {
                continue;
            }
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no run of " + count + " free ports");
    }
}
