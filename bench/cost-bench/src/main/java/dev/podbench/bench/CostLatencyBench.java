package dev.podbench.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.podbench.embedded.KafkaBroker;
import dev.podbench.embedded.LocalTokens;
import dev.podbench.embedded.PostgresServer;
import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.testkit.agent.FakeClaudeAgentExecutable;

/**
 * Issue 13's live-cost latency, end to end through the packaged services: the agent's {@code result} line (the
 * fake agent of libs/testkit, started by chat-gateway) → {@code usage.recorded} on Kafka → cost-service's ledger →
 * {@code cost.session-total} → the web-ui's SSE {@code cost} event that the session header shows. One session,
 * {@code --turns} chat turns one after the other through the web-ui's WebSocket proxy; per turn the time from the
 * gateway reading the {@code result} line (the transcript event's {@code at}) to the SSE event's arrival here.
 */
public final class CostLatencyBench {

    private static final String OWNER = "bench";
    private static final String REPOSITORY = "bench-repo";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.options(args, "[--turns=60] [--apps=<repository root>]");
        int turns = Integer.parseInt(options.getOrDefault("turns", "60"));
        Path root = Path.of(options.getOrDefault("apps", "."));
        List<AutoCloseable> cleanup = new ArrayList<>();
        try {
            Path home = Files.createTempDirectory("cost-latency-bench");
            PostgresServer postgres = PostgresServer.start(null, 0);
            cleanup.add(postgres);
            postgres.createDatabase("podbench_cost");
            postgres.createDatabase("podbench_chat");
            KafkaBroker kafka = KafkaBroker.start(null, 0, 0);
            cleanup.add(kafka);
            kafka.createTopics(Topics.all().stream().map(t -> KafkaBroker.TopicSpec.of(t.name(), t.compacted())).toList());
            LocalTokens tokens = LocalTokens.ephemeral();
            String token = tokens.issue(OWNER, OWNER, Set.of(LocalTokens.USER_GROUP), Duration.ofHours(2));

            int webPort = freePort();
            String origin = "http://127.0.0.1:" + webPort;
            Map<String, String> common = new HashMap<>(Map.of(
                    "QUARKUS_PROFILE", "local",
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "PODBENCH_TOKEN_PUBLIC_KEY", tokens.publicKeyBase64(),
                    "PODBENCH_HOME", home.toString(),
                    "PODBENCH_DASHBOARD_ORIGIN", origin,
                    "QUARKUS_LOG_LEVEL", "WARN"));
            Service cost = Service.start(root, "cost-service", freePort(), database(postgres, "podbench_cost", common),
                    cleanup);
            Map<String, String> chatEnv = database(postgres, "podbench_chat", common);
            chatEnv.put("PODBENCH_AGENT_COMMAND", FakeClaudeAgentExecutable.path().toString());
            chatEnv.put("ANTHROPIC_API_KEY", "fake-for-the-bench"); // the fake agent answers "Not logged in" without
            Service chat = Service.start(root, "chat-gateway", freePort(), chatEnv, cleanup);
            Map<String, String> webEnv = new HashMap<>(common);
            webEnv.put("PODBENCH_COST_SERVICE_URL", cost.url());
            webEnv.put("PODBENCH_CHAT_GATEWAY_URL", chat.url());
            Service web = Service.start(root, "web-ui", webPort, webEnv, cleanup);
            for (Service service : List.of(cost, chat, web)) {
                service.awaitReady(Duration.ofMinutes(5));
            }

            String sessionId = UUID.randomUUID().toString();
            Path worktree = home.resolve("workspaces").resolve(REPOSITORY).resolve("worktrees").resolve(sessionId);
            Files.createDirectories(worktree);
            Instant now = Instant.now();
            SessionSnapshot snapshot = new SessionSnapshot(sessionId, REPOSITORY, "bench repo", "podbench/bench",
                    "origin/main", SessionState.ACTIVE, OWNER, REPOSITORY, "local", worktree.toString(), null, now, now,
                    null);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.SESSIONS, sessionId, EventJson.encodeToString(
                        CloudEvent.of(EventType.SESSION_SNAPSHOT, "/podbench/bench", sessionId, snapshot))))
                        .get(30, TimeUnit.SECONDS);
            }

            HttpClient http = HttpClient.newHttpClient();
            BlockingQueue<Arrival> sse = new LinkedBlockingQueue<>();
            Thread reader = sseReader(http, web.url() + "/api/sessions/" + sessionId + "/updates", token, sse);
            BlockingQueue<Arrival> frames = new LinkedBlockingQueue<>();
            WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .header("Origin", origin).buildAsync(URI.create("ws://127.0.0.1:" + webPort + "/api/sessions/"
                            + sessionId + "/chat"), new Collector(frames)).get(60, TimeUnit.SECONDS);

            List<Double> fromResult = new ArrayList<>();
            List<Double> fromClient = new ArrayList<>();
            for (int turn = 1; turn <= turns; turn++) {
                socket.sendText("{\"type\":\"message\",\"text\":\"turn " + turn + "\"}", true).get(30, TimeUnit.SECONDS);
                Arrival result = await(frames, f -> "event".equals(f.json().path("type").asText())
                        && "result".equals(f.json().at("/event/kind").asText()), "the result of turn " + turn);
                Instant resultLine = Instant.parse(result.json().at("/event/at").asText());
                final long wanted = turn;
                Arrival figure = await(sse, e -> "cost".equals(e.name()) && e.json().path("turns").asLong() == wanted,
                        "the SSE cost event of turn " + turn);
                if (turn > 3) { // the first turns warm up the JVMs
                    fromResult.add(Duration.between(resultLine, figure.at()).toNanos() / 1e6);
                    fromClient.add(Duration.between(result.at(), figure.at()).toNanos() / 1e6);
                }
            }
            socket.abort();
            reader.interrupt();
            report("result line (gateway) -> SSE cost event", fromResult);
            report("result frame (this client) -> SSE cost event", fromClient);
        } finally {
            Collections.reverse(cleanup);
            for (AutoCloseable c : cleanup) {
                c.close();
            }
        }
    }

    /** When something arrived here, and what. */
    private record Arrival(Instant at, String name, JsonNode json) {
    }

    private static Arrival await(BlockingQueue<Arrival> queue, Predicate<Arrival> match, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Arrival next = queue.poll(1, TimeUnit.SECONDS);
            if (next != null && match.test(next)) {
                return next;
            }
        }
        throw new IllegalStateException("no " + what + " within 60 s");
    }

    private static Thread sseReader(HttpClient http, String url, String token, BlockingQueue<Arrival> events)
            throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + response.statusCode());
        }
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = "message";
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        events.add(new Arrival(Instant.now(), name, EventJson.mapper().readTree(line.substring(5).trim())));
                    } else if (line.isEmpty()) {
                        name = "message";
                    }
                }
            } catch (Exception e) {
                // the stream ends with the bench
            }
        }, "sse");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The chat WebSocket's text frames, whole, with their arrival time. */
    private record Collector(BlockingQueue<Arrival> frames, StringBuilder partial) implements WebSocket.Listener {

        Collector(BlockingQueue<Arrival> frames) {
            this(frames, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(new Arrival(Instant.now(), "frame", EventJson.mapper().readTree(partial.toString())));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    private static void report(String what, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf("%s over %d turns: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n", what, sorted.size(),
                BenchSupport.percentile(sorted, 50), BenchSupport.percentile(sorted, 95),
                BenchSupport.percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }


    private static Map<String, String> database(PostgresServer postgres, String database, Map<String, String> common) {
        Map<String, String> env = new HashMap<>(common);
        env.putAll(postgres.serviceEnvironment(database));
        return env;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One packaged service ({@code <module>/target/quarkus-app}) as a child JVM. */
    private record Service(String name, String url, Process process) {

        static Service start(Path root, String module, int port, Map<String, String> env, List<AutoCloseable> cleanup)
                throws Exception {
            Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: package " + module + " first (README)");
            }
            Path log = Files.createTempFile("cost-latency-" + module + "-", ".log");
            Map<String, String> withPort = new HashMap<>(env);
            withPort.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            Process process = BenchSupport.startService(jar, withPort, log, cleanup);
            String url = "http://127.0.0.1:" + port;
            System.out.printf("%s pid %d at %s (log %s)%n", module, process.pid(), url, log);
            return new Service(module, url, process);
        }

        void awaitReady(Duration max) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue());
                }
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // starting
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException(name + " not ready within " + max);
        }
    }

}
