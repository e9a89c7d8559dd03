package dev.podbench.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.podbench.embedded.KafkaBroker;
import dev.podbench.embedded.LocalTokens;
import dev.podbench.embedded.PostgresServer;
import dev.podbench.events.Topics;

/**
 * Session start (POST until {@code active}) and end (POST /end, synchronous) latency on the local runtime, with a warm
 * pod: 50 sessions one after the other, then 10 starting at once.
 *
 * <p>By default it brings its own world: embedded PostgreSQL and Kafka, a session-service started from
 * {@code session-service/target/quarkus-app} with the {@code local} profile, and a bare git origin. With
 * {@code --url} and {@code --token} it measures a service that is already running instead.
 */
public final class SessionBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    SessionBench(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int sequential = Integer.parseInt(options.getOrDefault("sessions", "50"));
        int concurrent = Integer.parseInt(options.getOrDefault("concurrent", "10"));
        List<AutoCloseable> cleanup = new ArrayList<>();
        try {
            String url = options.get("url");
            String token = options.get("token");
            if (url == null) {
                Path serviceApp = Path.of(options.getOrDefault("service-app", "session-service/target/quarkus-app"));
                Started started = startService(serviceApp, cleanup);
                url = started.url;
                token = started.token;
            } else if (token == null) {
                throw new IllegalArgumentException("--url needs --token (e.g. --token=$(cat ~/.podbench/token))");
            }
            String cloneUrl = options.containsKey("clone-url") ? options.get("clone-url") : origin().toString();
            new SessionBench(url, token).run(cloneUrl, sequential, concurrent);
        } finally {
            Collections.reverse(cleanup);
            for (AutoCloseable c : cleanup) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e);
                }
            }
        }
    }

    void run(String cloneUrl, int sequential, int concurrent) throws Exception {
        String repositoryId = post("/api/repositories", Map.of("name", "bench-" + UUID.randomUUID(), "cloneUrl", cloneUrl), 201)
                .get("id").asText();
        System.out.printf("repository %s (%s)%n", repositoryId, cloneUrl);

        // Warm-up: the first session clones the repository into its pod; a few more warm the JIT and the pools.
        for (int i = 0; i < 5; i++) {
            Sample s = startAndWait(repositoryId);
            end(s.id);
        }

        List<Double> starts = new ArrayList<>();
        List<Double> ends = new ArrayList<>();
        for (int i = 0; i < sequential; i++) {
            Sample s = startAndWait(repositoryId);
            starts.add(s.millis);
            long t0 = System.nanoTime();
            end(s.id);
            ends.add(ms(t0));
        }
        report("sequential start -> active", starts);
        report("sequential end", ends);

        CyclicBarrier go = new CyclicBarrier(concurrent);
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        try {
            List<CompletableFuture<Sample>> futures = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return startAndWait(repositoryId);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<Sample> samples = futures.stream().map(CompletableFuture::join).toList();
            report(concurrent + " concurrent starts -> active", samples.stream().map(s -> s.millis).toList());
            CyclicBarrier endTogether = new CyclicBarrier(concurrent);
            List<CompletableFuture<Double>> endings = samples.stream().map(s -> CompletableFuture.supplyAsync(() -> {
                try {
                    endTogether.await();
                    long t0 = System.nanoTime();
                    end(s.id);
                    return ms(t0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool)).toList();
            report(concurrent + " concurrent ends", endings.stream().map(CompletableFuture::join).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Sample(String id, double millis) {
    }

    private Sample startAndWait(String repositoryId) throws Exception {
        long t0 = System.nanoTime();
        String id = post("/api/sessions", Map.of("repositoryId", repositoryId), 201).get("id").asText();
        while (true) {
            JsonNode s = get("/api/sessions/" + id);
            String state = s.get("state").asText();
            if ("active".equals(state)) {
                return new Sample(id, ms(t0));
            }
            if (!"starting".equals(state)) {
                throw new IllegalStateException("session " + id + " is " + state + ": " + s);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private void end(String id) throws Exception {
        JsonNode ended = post("/api/sessions/" + id + "/end", null, 200);
        if (!"ended".equals(ended.get("state").asText())) {
            throw new IllegalStateException("end returned " + ended);
        }
    }

    private JsonNode post(String path, Object body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        request.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return send(request.build(), expected);
    }

    private JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build(), 200);
    }

    private JsonNode send(HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-32s n=%3d  p50=%7.1f ms  p99=%7.1f ms  min=%7.1f  max=%7.1f%n", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 99), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000.0;
    }

    // ------------------------------------------------------------------------------------------------ own world

    private record Started(String url, String token) {
    }

    private static Started startService(Path app, List<AutoCloseable> cleanup) throws Exception {
        Path jar = app.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with "
                    + "./mvnw -q -pl session-service -am install -DskipTests");
        }
        Path home = Files.createTempDirectory("podbench-bench-");
        PostgresServer postgres = PostgresServer.start(null, 0);
        cleanup.add(postgres);
        postgres.createDatabase("podbench_session");
        KafkaBroker kafka = KafkaBroker.start(null, 0, 0);
        cleanup.add(kafka);
        kafka.createTopics(Topics.all().stream().map(t -> KafkaBroker.TopicSpec.of(t.name(), t.compacted())).toList());
        LocalTokens tokens = LocalTokens.ephemeral();

        int port = freePort();
        Path log = home.resolve("session-service.log");
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xmx512m", "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_PROFILE", "local");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("PODBENCH_HOME", home.toString());
        env.putAll(postgres.serviceEnvironment("podbench_session"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("PODBENCH_TOKEN_PUBLIC_KEY", tokens.publicKeyBase64());
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        Process service = pb.start();
        cleanup.add(() -> {
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        });
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            if (!service.isAlive()) {
                throw new IllegalStateException("session-service exited; see " + log);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("session-service not ready within 90 s; see " + log);
            }
            Thread.sleep(200);
        }
        System.out.printf("session-service up at %s (log: %s)%n", url, log);
        return new Started(url, tokens.issue("bench", "bench", Set.of(LocalTokens.USER_GROUP), Duration.ofHours(2)));
    }

    /** A bare origin with a main branch and one commit. */
    private static Path origin() throws Exception {
        Path dir = Files.createTempDirectory("podbench-bench-origin-");
        Path bare = dir.resolve("origin.git");
        Path work = dir.resolve("work");
        git(dir, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        git(dir, "init", "--quiet", "--initial-branch=main", work.toString());
        Files.writeString(work.resolve("README.md"), "# bench\n");
        git(work, "add", "README.md");
        git(work, "commit", "--quiet", "-m", "initial");
        git(work, "push", "--quiet", bare.toString(), "main");
        return bare;
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("GIT_AUTHOR_NAME", "bench", "GIT_AUTHOR_EMAIL", "bench@podbench.dev",
                "GIT_COMMITTER_NAME", "bench", "GIT_COMMITTER_EMAIL", "bench@podbench.dev"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + argv + ": " + out);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("usage: [--url=URL --token=TOKEN] [--clone-url=URL] [--sessions=50] "
                        + "[--concurrent=10] [--service-app=session-service/target/quarkus-app]");
            }
            int eq = arg.indexOf('=');
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }
}
