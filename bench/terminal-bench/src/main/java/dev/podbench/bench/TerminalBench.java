package dev.podbench.bench;

import static dev.podbench.bench.ProcessProbe.awaitQuietCpu;
import static dev.podbench.bench.ProcessProbe.heapUsedBytes;
import static dev.podbench.bench.ProcessProbe.httpGet;
import static dev.podbench.bench.ProcessProbe.load;
import static dev.podbench.bench.ProcessProbe.memory;
import static dev.podbench.bench.ProcessProbe.mib;
import static dev.podbench.bench.ProcessProbe.rssBytes;
import static dev.podbench.bench.ProcessProbe.threads;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;

import dev.podbench.bench.ProcessProbe.GcWindow;
import dev.podbench.embedded.KafkaBroker;
import dev.podbench.embedded.LocalTokens;
import dev.podbench.embedded.PostgresServer;
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
 * <p>Options: {@code --repo=DIR} (checkout root), {@code --mb=100}, {@code --keys=1000}, {@code --warmup=100}
 * (keys typed before the measured ones), {@code --idle=200},
 * {@code --rounds=2}, {@code --jvm=...} (the gateway's JVM options, comma-separated), {@code --shell=...} (the
 * terminal program, comma-separated; default a bash without login scripts, so 200 shells measure the gateway and
 * not the machine's profile).
 */
public final class TerminalBench {

    private static final String POD = "bench-pod";
    /** What deploy/local runs the gateway with (ServiceProcess), comma-separated. */
    /** As deploy/local's ServiceProcess runs every service (without its class-data-sharing archive). */
    private static final String DEFAULT_JVM = "-XX:+UseSerialGC,-Xms96m,-Xmn32m,-Xmx512m,-XX:MetaspaceSize=96m,"
            + "-XX:MaxMetaspaceSize=256m,-XX:ReservedCodeCacheSize=96m,-Xss512k,-XX:TieredStopAtLevel=1";
    private static final String DEFAULT_SHELL = "bash,--noprofile,--norc";
    private static final String DATABASE = "podbench_terminal";
    private static Path tmuxDir;

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
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "100"));
        int idle = Integer.parseInt(opts.getOrDefault("idle", "200"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        List<String> jvm = Arrays.stream(opts.getOrDefault("jvm", DEFAULT_JVM).replace("'", "").split(","))
                .filter(a -> !a.isBlank()).toList();
        String shell = opts.getOrDefault("shell", DEFAULT_SHELL);
        Path jar = repo.resolve("terminal-gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -q -pl terminal-gateway -am install -DskipTests");
        }

        dev.podbench.embedded.QuietLogging.apply();
        Path home = Files.createTempDirectory("podbench-bench-");
        // A tmux server of its own (the socket name is fixed, its directory is not): other runs on this machine
        // (tests kill the shared server) must not end the benchmark's shells, nor it theirs.
        tmuxDir = Files.createDirectories(home.resolve("tmux"));
        String sessionId = "bench" + Long.toHexString(System.nanoTime());
        Process gateway = null;
        Vertx vertx = Vertx.vertx();
        List<String> loads = new ArrayList<>();
        try (KafkaBroker kafka = KafkaBroker.start(home.resolve("kafka"), 0, 0);
                PostgresServer postgres = PostgresServer.start(home.resolve("postgres"), 0)) {
            postgres.createDatabase(DATABASE);
            kafka.createTopics(Topics.all().stream().map(t -> KafkaBroker.TopicSpec.of(t.name(), t.compacted())).toList());
            LocalTokens tokens = LocalTokens.ephemeral();
            String token = tokens.issue("bench", "bench", Set.of(LocalTokens.USER_GROUP), Duration.ofHours(2));
            int port = freePort();
            Path gcLog = home.resolve("gc.log");
            List<String> gatewayJvm = new ArrayList<>(jvm);
            gatewayJvm.add("-Xlog:gc:file=" + gcLog);
            Map<String, String> gatewayEnv = new HashMap<>(postgres.serviceEnvironment(DATABASE));
            gatewayEnv.putAll(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "PODBENCH_TOKEN_PUBLIC_KEY", tokens.publicKeyBase64(),
                    "PODBENCH_TERMINAL_SHELL_PROGRAM", shell));
            gateway = startGateway(jar, gatewayJvm, home, port, gatewayEnv);
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
                    log("round %d: raw PTY %.1f MiB/s, through gateway %.1f MiB/s, ratio %.0f%% (%s of frames delivered; load %s)",
                            round, raw, viaGateway, 100 * viaGateway / raw, mib(term.bytes() - bytesBefore), load());
                    loads.add("throughput round " + round + ": " + load());
                }
            }

            long[] echo;
            Term echoTerm = Term.open(client, port, sessionId, "echo", token);
            echoTerm.awaitFirstOutput();
            echoTerm.settle(300);
            echoTerm.type("stty -echoctl; cat > /dev/null\r");
            echoTerm.settle(300);
            long[] rawEcho = rawTmuxEchoLatencies(sessionId, keys);
            GcWindow gcEcho = GcWindow.start(gcLog);
            echo = echoLatencies(echoTerm, warmup, keys);
            String gcDuringEcho = gcEcho.summary();
            log("echo over %d keys: p50 %.2f ms, p99 %.2f ms, max %.2f ms; straight through tmux on a PTY: p50 %.2f ms,"
                    + " p99 %.2f ms; gateway GC meanwhile: %s; load %s", keys, pct(echo, 50), pct(echo, 99),
                    pct(echo, 100), pct(rawEcho, 50), pct(rawEcho, 99), gcDuringEcho, load());
            loads.add("echo: " + load());

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
            // "idle" once the 200 shells and tmux sessions have finished starting: the CPU settles
            double settleSeconds = awaitQuietCpu();
            log("machine quiet %.1f s after the last terminal opened (load %s)", settleSeconds, load());
            httpGet(port, "/q/metrics"); // not a GC trigger, only warms the endpoint
            long rssIdle = rssBytes(pid);
            String threadsIdle = threads(pid);
            log("%d idle terminals open: gateway RSS %s, heap used %s, %s threads", idle, mib(rssIdle),
                    mib((long) heapUsedBytes(port)), threadsIdle);
            double heapIdle = heapUsedBytes(port);
            String memoryIdle = memory(pid);
            GcWindow gcIdle = GcWindow.start(gcLog);
            long[] echoIdle = echoLatencies(echoTerm, warmup, keys);
            String gcDuringIdleEcho = gcIdle.summary();
            loads.add("idle echo: " + load());
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
            System.out.printf("echo (%d keys): p50 %.2f ms, p99 %.2f ms (goal p99 < 5 ms); straight through tmux: p50 %.2f ms, p99 %.2f ms; gateway GC: %s%n",
                    keys, pct(echo, 50), pct(echo, 99), pct(rawEcho, 50), pct(rawEcho, 99), gcDuringEcho);
            System.out.printf("%d idle terminals: gateway RSS %s, heap used %s, %s threads, %s; echo p50 %.2f ms, p99 %.2f ms, gateway GC: %s (goal RSS < 300 MiB)%n",
                    idle, mib(rssIdle), mib((long) heapIdle), threadsIdle, memoryIdle, pct(echoIdle, 50),
                    pct(echoIdle, 99), gcDuringIdleEcho);
            System.out.println("load average (1/5/15 min) at each phase: " + String.join("; ", loads));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor(20, TimeUnit.SECONDS);
                gateway.destroyForcibly();
            }
            killTmuxServer();
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

    private static long[] echoLatencies(Term term, int warmup, int keys) throws InterruptedException {
        for (int i = 0; i < warmup; i++) {
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

    private static Process startGateway(Path jar, List<String> jvm, Path home, int port, Map<String, String> env)
            throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(jvm);
        argv.addAll(List.of("-Dquarkus.profile=local", "-Dquarkus.http.port=" + port, "-jar", jar.toString()));
        log("gateway: %s", String.join(" ", argv));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        builder.environment().put("PODBENCH_HOME", home.toString());
        builder.environment().put("TMUX_TMPDIR", tmuxDir.toString());
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

    /**
     * Keystroke echo through tmux on a PTY of this process, no gateway: what the machine and tmux alone give at the
     * moment, the floor for the gateway's figure (as the raw PTY read is for throughput).
     */
    private static long[] rawTmuxEchoLatencies(String sessionId, int keys) throws IOException, InterruptedException {
        List<String> argv = TmuxCommands.attachOrCreate(sessionId, "rawecho", System.getProperty("java.io.tmpdir"),
                List.of("sh", "-c", "stty -echoctl; cat > /dev/null"));
        PtyProcess pty = new PtyProcessBuilder(argv.toArray(String[]::new))
                .setEnvironment(Map.of("PATH", System.getenv("PATH"), "TERM", "xterm-256color", "TMUX_TMPDIR",
                        tmuxDir.toString()))
                .setInitialColumns(120).setInitialRows(40).setConsole(false).start();
        java.util.concurrent.LinkedBlockingQueue<Long> reads = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            InputStream in = pty.getInputStream();
            while (readQuietly(in, buffer) > 0) {
                reads.offer(System.nanoTime());
            }
        }, "raw-echo-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            settle(reads, 500);
            var out = pty.getOutputStream();
            long[] samples = new long[keys];
            for (int i = -100; i < keys; i++) {
                reads.clear();
                long start = System.nanoTime();
                out.write('k');
                out.flush();
                Long at = reads.poll(5, TimeUnit.SECONDS);
                long sample = at == null ? TimeUnit.SECONDS.toNanos(5) : at - start;
                if (i >= 0) {
                    samples[i] = sample;
                }
                if (i % 64 == 63) {
                    out.write('\r');
                    out.flush();
                    settle(reads, 20);
                }
            }
            Arrays.sort(samples);
            return samples;
        } finally {
            pty.destroy();
        }
    }

    private static void settle(java.util.concurrent.BlockingQueue<Long> reads, long quietMillis)
            throws InterruptedException {
        while (reads.poll(quietMillis, TimeUnit.MILLISECONDS) != null) {
            reads.clear();
        }
    }

    /** The benchmark's own tmux server, with every shell it ran. */
    private static void killTmuxServer() throws Exception {
        if (tmuxDir != null) {
            ProcessBuilder kill = new ProcessBuilder("tmux", "-L", TmuxCommands.SOCKET, "kill-server")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            kill.environment().put("TMUX_TMPDIR", tmuxDir.toString());
            kill.start().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }
}
