package dev.podbench.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;

import dev.podbench.embedded.KafkaBroker;
import dev.podbench.embedded.LocalTokens;
import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.workspace.tmux.TmuxCommands;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;

/**
 * Terminal gateway benchmark: output throughput through the gateway against a raw PTY read in the same run,
 * keystroke echo latency, and many idle terminals. Starts its own Kafka broker and the built gateway jar.
 *
 * <p>Options: {@code --repo=DIR} (checkout root), {@code --mb=100}, {@code --keys=1000}, {@code --idle=200},
 * {@code --rounds=2}.
 */
public final class TerminalBench {

    private static final String POD = "bench-pod";
    /** What the gateway is meant to run with (deploy/local should pass the same); comma-separated. */
    private static final String DEFAULT_JVM = "-XX:+UseSerialGC,-Xms32m,-Xmx256m,-XX:ReservedCodeCacheSize=64m,-Xss512k";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (String arg : args) {
            for (String a : arg.split("\\s+")) {
                if (a.startsWith("--") && a.contains("=")) {
                    opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                }
            }
        }
        Path repo = Path.of(opts.getOrDefault("repo", ".")).toAbsolutePath();
        int mb = Integer.parseInt(opts.getOrDefault("mb", "100"));
        int keys = Integer.parseInt(opts.getOrDefault("keys", "1000"));
        int idle = Integer.parseInt(opts.getOrDefault("idle", "200"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        List<String> jvm = Arrays.stream(opts.getOrDefault("jvm", DEFAULT_JVM).replace("'", "").split(","))
                .filter(a -> !a.isBlank()).toList();
        Path jar = repo.resolve("terminal-gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -q -pl terminal-gateway -am install -DskipTests");
        }

        dev.podbench.embedded.QuietLogging.apply();
        Path home = Files.createTempDirectory("podbench-bench-");
        String sessionId = "bench" + Long.toHexString(System.nanoTime());
        Process gateway = null;
        Vertx vertx = Vertx.vertx();
        try (KafkaBroker kafka = KafkaBroker.start(home.resolve("kafka"), 0, 0)) {
            kafka.createTopics(Topics.all().stream().map(t -> KafkaBroker.TopicSpec.of(t.name(), t.compacted())).toList());
            LocalTokens tokens = LocalTokens.ephemeral();
            String token = tokens.issue("bench", "bench", Set.of(LocalTokens.USER_GROUP), Duration.ofHours(2));
            int port = freePort();
            gateway = startGateway(jar, jvm, home, port, kafka.bootstrapServers(), tokens.publicKeyBase64());
            awaitReady(port, gateway);
            long pid = gateway.pid();
            log("gateway pid %d on port %d; RSS at start %s", pid, port, mib(rssBytes(pid)));

            Path worktree = home.resolve("workspaces").resolve(POD).resolve("worktrees").resolve(sessionId);
            Files.createDirectories(worktree);
            publishSession(kafka.bootstrapServers(), sessionId, worktree.toString());

            WebSocketClient client = Term.client(vertx);
            String command = "head -c " + mb + "M /dev/zero | base64";
            List<double[]> throughput = new ArrayList<>();
            try (Term term = Term.open(client, port, sessionId, null, token)) {
                term.awaitFirstOutput();
                term.settle(500);
                for (int round = 1; round <= rounds; round++) {
                    double raw = rawPtyMiBps(command, mb);
                    long bytesBefore = term.bytes();
                    double viaGateway = gatewayMiBps(term, command, mb);
                    throughput.add(new double[] { raw, viaGateway });
                    log("round %d: raw PTY %.1f MiB/s, through gateway %.1f MiB/s, ratio %.0f%% (%s of frames delivered)",
                            round, raw, viaGateway, 100 * viaGateway / raw, mib(term.bytes() - bytesBefore));
                }
            }

            long[] echo;
            Term echoTerm = Term.open(client, port, sessionId, "echo", token);
            echoTerm.awaitFirstOutput();
            echoTerm.settle(300);
            echoTerm.type("stty -echoctl; cat > /dev/null\r");
            echoTerm.settle(300);
            echo = echoLatencies(echoTerm, keys);
            log("echo over %d keys: p50 %.2f ms, p99 %.2f ms, max %.2f ms", keys, pct(echo, 50), pct(echo, 99),
                    pct(echo, 100));

            long rssBefore = rssBytes(pid);
            List<Term> idleTerms = new ArrayList<>();
            long openStart = System.nanoTime();
            for (int i = 0; i < idle; i++) {
                idleTerms.add(Term.open(client, port, sessionId, "idle" + i, token));
            }
            for (Term t : idleTerms) {
                t.awaitFirstOutput();
            }
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            Thread.sleep(3000); // let the shells finish starting before measuring memory
            httpGet(port, "/q/metrics"); // not a GC trigger, only warms the endpoint
            long rssIdle = rssBytes(pid);
            String threadsIdle = threads(pid);
            log("%d idle terminals open: gateway RSS %s, heap used %s, %s threads", idle, mib(rssIdle),
                    mib((long) heapUsedBytes(port)), threadsIdle);
            double heapIdle = heapUsedBytes(port);
            long[] echoIdle = echoLatencies(echoTerm, keys);
            log("%d idle terminals opened in %.1f s: gateway RSS %s (before %s), heap used %s; echo p50 %.2f ms, p99 %.2f ms",
                    idle, openSeconds, mib(rssIdle), mib(rssBefore), mib((long) heapIdle), pct(echoIdle, 50),
                    pct(echoIdle, 99));
            idleTerms.forEach(Term::close);
            echoTerm.close();

            double bestRatio = throughput.stream().mapToDouble(t -> t[1] / t[0]).max().orElse(0);
            System.out.println();
            System.out.println("=== terminal-gateway benchmark (" + Instant.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores) ===");
            for (int i = 0; i < throughput.size(); i++) {
                System.out.printf("throughput round %d: raw PTY %.1f MiB/s | gateway %.1f MiB/s | %.0f%%%n", i + 1,
                        throughput.get(i)[0], throughput.get(i)[1], 100 * throughput.get(i)[1] / throughput.get(i)[0]);
            }
            System.out.printf("throughput best ratio: %.0f%% (goal >= 80%%)%n", 100 * bestRatio);
            System.out.printf("echo (%d keys): p50 %.2f ms, p99 %.2f ms (goal p99 < 5 ms)%n", keys, pct(echo, 50),
                    pct(echo, 99));
            System.out.printf("%d idle terminals: gateway RSS %s, heap used %s, %s threads, echo p50 %.2f ms, p99 %.2f ms (goal RSS < 300 MiB)%n",
                    idle, mib(rssIdle), mib((long) heapIdle), threadsIdle, pct(echoIdle, 50), pct(echoIdle, 99));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor(20, TimeUnit.SECONDS);
                gateway.destroyForcibly();
            }
            killTmuxSessions(sessionId);
        }
    }

    private static double rawPtyMiBps(String command, int mb) throws IOException, InterruptedException {
        PtyProcess pty = new PtyProcessBuilder(new String[] { "/bin/sh", "-c", command })
                .setEnvironment(Map.of("PATH", System.getenv("PATH"), "TERM", "xterm-256color"))
                .setInitialColumns(120).setInitialRows(40).setConsole(false).start();
        long start = System.nanoTime();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = pty.getInputStream()) {
            int n;
            while ((n = readQuietly(in, buffer)) > 0) {
                total += n;
            }
        }
        pty.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        return mb / seconds;
    }

    private static int readQuietly(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            return -1; // EIO once the child has gone: end of stream
        }
    }

    private static double gatewayMiBps(Term term, String command, int mb) throws Exception {
        long n = System.nanoTime() % 100000;
        // The shell computes the marker, so the echoed command line itself never matches it.
        long start = System.nanoTime();
        term.runUntil(command + "; echo BENCH$((6*7))DONE" + n + "\r", "BENCH42DONE" + n).get(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        term.settle(500);
        return mb / seconds;
    }

    private static long[] echoLatencies(Term term, int keys) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            term.echo("w");
        }
        long[] samples = new long[keys];
        for (int i = 0; i < keys; i++) {
            samples[i] = term.echo("k");
            if (i % 64 == 63) {
                term.type("\r");
                term.settle(20);
            }
        }
        Arrays.sort(samples);
        return samples;
    }

    private static double pct(long[] sortedNanos, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

    private static Process startGateway(Path jar, List<String> jvm, Path home, int port, String kafka, String publicKey)
            throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(jvm);
        argv.addAll(List.of("-Dquarkus.profile=local", "-Dquarkus.http.port=" + port, "-jar", jar.toString()));
        log("gateway: %s", String.join(" ", argv));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        builder.environment().put("PODBENCH_TOKEN_PUBLIC_KEY", publicKey);
        builder.environment().put("PODBENCH_HOME", home.toString());
        builder.redirectErrorStream(true).redirectOutput(home.resolve("gateway.log").toFile());
        log("gateway log: %s", home.resolve("gateway.log"));
        return builder.start();
    }

    private static void awaitReady(int port, Process gateway) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("gateway exited with " + gateway.exitValue());
            }
            try {
                if (HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("gateway not ready");
    }

    private static void publishSession(String bootstrap, String sessionId, String worktree) throws Exception {
        Instant now = Instant.now();
        SessionSnapshot snapshot = new SessionSnapshot(sessionId, POD, "bench", "bench", null, SessionState.ACTIVE,
                "bench", POD, "local", worktree, null, now, now, null);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SESSIONS, sessionId,
                    EventJson.encodeToString(CloudEvent.of("/podbench/bench", snapshot)))).get(30, TimeUnit.SECONDS);
        }
    }

    private static String threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return line.replaceAll("\\D", "");
            }
        }
        return "?";
    }

    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    private static double heapUsedBytes(int port) throws Exception {
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} ([0-9.E+]+)")
                .matcher(httpGet(port, "/q/metrics"));
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static String httpGet(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void killTmuxSessions(String sessionId) throws Exception {
        Process list = new ProcessBuilder(TmuxCommands.listSessions()).redirectErrorStream(true).start();
        String names = new String(list.getInputStream().readAllBytes());
        list.waitFor();
        for (String name : names.split("\n")) {
            if (!name.isBlank() && name.startsWith("pb-") && TmuxCommands.belongsTo(name.trim(), sessionId)) {
                new ProcessBuilder(TmuxCommands.killSession(name.trim())).start().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1024.0 / 1024.0);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }
}
