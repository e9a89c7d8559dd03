package dev.podbench.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;

import dev.podbench.embedded.KafkaBroker;
import dev.podbench.embedded.LocalTokens;
import dev.podbench.embedded.PostgresServer;
import dev.podbench.embedded.QuietLogging;
import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Surface;
import dev.podbench.events.Topics;
import dev.podbench.events.pullrequest.GitHost;
import dev.podbench.events.pullrequest.GitHosts;
import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.events.pullrequest.PullRequestDetector;
import dev.podbench.events.pullrequest.PullRequestLink;
import dev.podbench.events.pullrequest.PullRequestScanner;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;

/**
 * Issue 14's figures against the built pr-tracker ({@code -Dquarkus.profile=local}) and a fake GitHub Enterprise
 * (WireMock, GitHub's payloads from pr-tracker's test fixtures, conditional answers with ETags):
 * <ol>
 * <li>a PR URL is printed by a shell on a real PTY; its output goes through the terminal-gateway's detection (libs/events
 * {@link PullRequestScanner}, one per stream) to {@code pull-request.detected.v1} on Kafka, as the gateway publishes it;
 * timed from writing the command to the PTY until the row is in {@code GET /api/sessions/{id}/pull-requests} and
 * until its status (title, checks) is filled in;</li>
 * <li>once every PR has settled, the counted (non-304) and conditional (304) requests the fake host receives over
 * a window of real time, per PR, extrapolated to a PR-hour (reads and branch lookups both).</li>
 * </ol>
 */
public final class PrBench {

    private static final String DATABASE = "podbench_pr";
    private static final String OWNER = "bench";
    private static final String REPO = "/api/v3/repos/acme/app";
    private static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (String arg : args) {
            for (String part : arg.trim().split("\\s+")) {
                if (part.startsWith("--") && part.contains("=")) {
                    opts.put(part.substring(2, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
                }
            }
        }
        Path repo = Path.of(opts.getOrDefault("repo", ".")).toAbsolutePath();
        int prs = Integer.parseInt(opts.getOrDefault("prs", "40"));
        Duration settle = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("settle", "150")));
        Duration window = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("window", "300")));
        Path jar = repo.resolve("pr-tracker/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build pr-tracker first (see README.md)");
        }
        Path fixtures = repo.resolve("pr-tracker/src/test/resources/github");

        QuietLogging.apply();
        log("uptime: %s", uptime());
        Path home = Files.createTempDirectory("podbench-pr-bench-");
        WireMockServer github = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        String web = "http://127.0.0.1:" + github.port();
        stubGitHub(github, fixtures);
        Process tracker = null;
        try (KafkaBroker kafka = KafkaBroker.start(home.resolve("kafka"), 0, 0);
                PostgresServer postgres = PostgresServer.start(home.resolve("postgres"), 0);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0),
                        new StringSerializer(), new StringSerializer())) {
            postgres.createDatabase(DATABASE);
            kafka.createTopics(Topics.all().stream().map(t -> KafkaBroker.TopicSpec.of(t.name(), t.compacted())).toList());
            LocalTokens tokens = LocalTokens.ephemeral();
            String token = tokens.issue(OWNER, OWNER, Set.of(LocalTokens.USER_GROUP), Duration.ofHours(2));
            int port = freePort();
            Map<String, String> env = new HashMap<>(postgres.serviceEnvironment(DATABASE));
            env.putAll(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "PODBENCH_TOKEN_PUBLIC_KEY", tokens.publicKeyBase64(),
                    "PODBENCH_PR_GITHUB_WEB_URL", web,
                    "PODBENCH_PR_GITHUB_API_URL", web + "/api/v3",
                    "PODBENCH_PR_GITHUB_TOKEN", "ghp_benchTOKEN0123456789abcdefABCDEF01",
                    "PODBENCH_PR_GITLAB_WEB_URL", GitHosts.NONE));
            tracker = startTracker(jar, home, port, env);
            awaitReady(port, tracker);

            PullRequestDetector detector = new PullRequestDetector(GitHosts.of(GitHost.of("github", GitProvider.GITHUB, web)));
            HttpClient http = HttpClient.newHttpClient();
            List<Long> visible = new ArrayList<>();
            List<Long> filled = new ArrayList<>();
            Instant lastDetected;
            try (Shell shell = Shell.start(detector)) {
                for (int i = 1; i <= prs; i++) {
                    String session = "bench-" + i + "-" + Long.toHexString(System.nanoTime());
                    publishSession(producer, session, web + "/acme/app.git", "podbench/bench-" + i);
                    awaitStatus(http, port, token, session, 200);
                    shell.detectedFor(session, link -> send(producer, Topics.PULL_REQUESTS, CloudEvent.of("/podbench/terminal-gateway",
                            link.detected(session, Surface.TERMINAL, Instant.now()))));
                    long start = System.nanoTime();
                    shell.print(web + "/acme/app/pull/" + i);
                    JsonNode rows = poll(http, port, token, session, found -> found.size() > 0);
                    visible.add(System.nanoTime() - start);
                    if (rows.get(0).path("title").isNull() || rows.get(0).path("title").isMissingNode()) {
                        poll(http, port, token, session, found -> found.get(0).path("checks").path("state").isTextual()
                                && found.get(0).path("title").isTextual());
                    }
                    filled.add(System.nanoTime() - start);
                }
            }
            lastDetected = Instant.now();
            log("printed -> row visible in the API (ms): %s", summary(visible));
            log("printed -> status filled in the API (ms): %s", summary(filled));
            log("uptime: %s", uptime());

            Instant settled = lastDetected.plus(settle);
            log("waiting %s for every PR to settle (policy: 10 s for 2 minutes, then 60 s)", settle);
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), settled).toMillis()));
            Instant from = Instant.now();
            Thread.sleep(window.toMillis());
            Instant to = Instant.now();
            countRequests(github, from, to, prs);
            log("uptime: %s", uptime());
        } finally {
            if (tracker != null) {
                tracker.destroy();
                tracker.waitFor(30, TimeUnit.SECONDS);
            }
            github.stop();
        }
    }

    /** acme/app: any PR number open with two passing checks, a passing commit status and an approval. */
    private static void stubGitHub(WireMockServer github, Path fixtures) throws IOException {
        conditional(github, REPO + "/pulls/\\d+", fixtures.resolve("pull-open.json"));
        conditional(github, REPO + "/commits/" + SHA + "/check-runs", fixtures.resolve("check-runs-success.json"));
        conditional(github, REPO + "/commits/" + SHA + "/status", fixtures.resolve("status-success.json"));
        conditional(github, REPO + "/pulls/\\d+/reviews", fixtures.resolve("reviews-approved-then-commented.json"));
        String none = "[]";
        github.stubFor(get(urlPathMatching(REPO + "/pulls")).withHeader("If-None-Match", absent()).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withHeader("ETag", "\"none\"").withBody(none)));
        github.stubFor(get(urlPathMatching(REPO + "/pulls")).withHeader("If-None-Match", equalTo("\"none\""))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", "\"none\"")));
    }

    private static void conditional(WireMockServer github, String pathPattern, Path fixture) throws IOException {
        String body = Files.readString(fixture);
        String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
        github.stubFor(get(urlPathMatching(pathPattern)).withHeader("If-None-Match", absent()).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withHeader("ETag", etag).withBody(body)));
        github.stubFor(get(urlPathMatching(pathPattern)).withHeader("If-None-Match", equalTo(etag))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", etag)));
    }

    private static void countRequests(WireMockServer github, Instant from, Instant to, int prs) {
        long counted = 0;
        long notModified = 0;
        long branchLookups = 0;
        for (ServeEvent event : github.getAllServeEvents()) {
            Instant at = event.getRequest().getLoggedDate().toInstant();
            if (at.isBefore(from) || at.isAfter(to)) {
                continue;
            }
            if (event.getRequest().getUrl().startsWith(REPO + "/pulls?")) {
                branchLookups++;
            }
            if (event.getResponse().getStatus() == 304) {
                notModified++;
            } else {
                counted++;
            }
        }
        double hours = Duration.between(from, to).toMillis() / 3_600_000.0;
        log("settled, over %s: %d counted (non-304) and %d conditional (304) requests for %d PRs, %d of them branch lookups",
                Duration.between(from, to), counted, notModified, prs, branchLookups);
        log("per PR-hour: %.2f counted (goal <= 6), %.1f conditional (304, free)", counted / hours / prs,
                notModified / hours / prs);
    }

    private static JsonNode poll(HttpClient http, int port, String token, String session,
            java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = http.send(request(port, token, session), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                JsonNode rows = JSON.readTree(answer.body());
                if (done.test(rows)) {
                    return rows;
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("session " + session + ": the pull request did not show in time");
    }

    /** Waits until the session directory knows the session (its owner check answers 200). */
    private static void awaitStatus(HttpClient http, int port, String token, String session, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (http.send(request(port, token, session), HttpResponse.BodyHandlers.discarding()).statusCode() != status) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("session " + session + " unknown to pr-tracker");
            }
            Thread.sleep(20);
        }
    }

    private static HttpRequest request(int port, String token, String session) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sessions/" + session + "/pull-requests"))
                .header("Authorization", "Bearer " + token).build();
    }

    private static void publishSession(KafkaProducer<String, String> producer, String session, String cloneUrl,
            String branch) throws Exception {
        Instant now = Instant.now();
        send(producer, Topics.SESSIONS, CloudEvent.of("/podbench/bench", new SessionSnapshot(session, "bench-repo", "app", branch, null,
                SessionState.ACTIVE, OWNER, "bench", "local", "/nowhere", null, now, now, null, cloneUrl, null)));
    }

    private static void send(KafkaProducer<String, String> producer, String topic, CloudEvent<?> event) {
        try {
            producer.send(new ProducerRecord<>(topic, event.key(), EventJson.encodeToString(event))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event.type(), e);
        }
    }

    private static Process startTracker(Path jar, Path home, int port, Map<String, String> env) throws IOException {
        List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dquarkus.profile=local", "-Dquarkus.http.port=" + port, "-jar", jar.toString());
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(home.resolve("pr-tracker.log").toFile());
        log("pr-tracker on port %d, log %s", port, home.resolve("pr-tracker.log"));
        return builder.start();
    }

    private static void awaitReady(int port, Process process) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pr-tracker exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("pr-tracker not ready in 3 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String uptime() {
        try {
            return new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String summary(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return "n=" + sorted.size() + " p50=" + ms(sorted.get(sorted.size() / 2))
                + " p95=" + ms(sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1)) + " max=" + ms(sorted.get(sorted.size() - 1));
    }

    private static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[pr-bench] " + format + "%n", args);
    }

    /** A shell on a real PTY whose output is scanned as the terminal-gateway scans a terminal's output. */
    private static final class Shell implements AutoCloseable {

        private final PtyProcess pty;
        private final PullRequestScanner scanner;
        private final AtomicReference<java.util.function.Consumer<PullRequestLink>> sink = new AtomicReference<>(l -> { });
        private final Thread reader;

        private Shell(PtyProcess pty, PullRequestScanner scanner) {
            this.pty = pty;
            this.scanner = scanner;
            this.reader = new Thread(this::read, "pty-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Shell start(PullRequestDetector detector) throws IOException {
            PtyProcess pty = new PtyProcessBuilder(new String[] { "bash", "--noprofile", "--norc" })
                    .setEnvironment(Map.of("PATH", System.getenv("PATH"), "TERM", "xterm-256color", "PS1", "$ "))
                    .setInitialColumns(200).setInitialRows(50).start();
            return new Shell(pty, detector.scanner());
        }

        /** Where the links found from now on go (the session the next URL is printed in). */
        void detectedFor(String session, java.util.function.Consumer<PullRequestLink> target) {
            sink.set(target);
        }

        /** Prints the URL the way {@code gh pr create} ends: on a line of its own, after the command line. */
        void print(String url) throws IOException {
            // the URL is split in the command line, so only the command's own output shows it whole
            int half = url.length() / 2;
            pty.getOutputStream().write(("printf '%s%s\\n' '" + url.substring(0, half) + "' '" + url.substring(half)
                    + "'\n").getBytes(StandardCharsets.UTF_8));
            pty.getOutputStream().flush();
        }

        private void read() {
            byte[] buffer = new byte[8192];
            try (InputStream in = pty.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    for (PullRequestLink link : scanner.scan(buffer, 0, n)) {
                        sink.get().accept(link);
                    }
                }
            } catch (IOException e) {
                // the shell ended
            }
        }

        @Override
        public void close() {
            pty.destroy();
        }
    }
}
