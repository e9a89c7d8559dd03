package dev.podbench.workspace.kubernetes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import dev.podbench.testkit.kubernetes.FakeKubernetesCluster;

/**
 * The test kit's {@link FakeKubernetesCluster} (mock server in CRUD mode, kubelet) with a scripted exec endpoint, for
 * the protocol's edge cases: {@code GET .../pods/<name>/exec?...} is upgraded to a WebSocket speaking the v4 channel
 * protocol (first byte of each binary frame: 0 stdin, 1 stdout,
 * 2 stderr, 3 status, 4 resize). A tiny fake "container" interprets the argv: it understands the runtime's
 * {@code sh} wrapper scripts (directory, environment from stdin or from a file), keeps a set of paths as its file
 * system, and runs fake programs ({@code git}, {@code test}, {@code rm}, {@code shell}, {@code flood}, ...).
 * The kubelet marks created pods Ready (unless {@link #autoReady} is off).
 */
final class FakeCluster implements AutoCloseable {

    static final String NAMESPACE = "podbench-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One exec request as the API server saw it. */
    record ExecCall(String pod, String rawQuery, List<Map.Entry<String, String>> params, List<String> command,
            String script, String cwd, List<String> argv, Map<String, String> env, List<String> resizes) {

        boolean flag(String name) {
            return params.stream().anyMatch(e -> e.getKey().equals(name) && e.getValue().equals("true"));
        }

        String program() {
            return argv.isEmpty() ? "" : argv.get(0);
        }
    }

    private final FakeKubernetesCluster cluster;
    final KubernetesClient client;
    final List<ExecCall> execs = new CopyOnWriteArrayList<>();
    /** Paths existing in each pod's container. */
    final Map<String, Set<String>> files = new ConcurrentHashMap<>();
    /** Contents of files written through stdin (the TTY environment files). */
    final Map<String, byte[]> fileContents = new ConcurrentHashMap<>();
    final AtomicInteger fetchFailures = new AtomicInteger();

    FakeCluster() {
        cluster = new FakeKubernetesCluster(new FakeKubernetesCluster.ExecHandler() {
            @Override
            public WebSocketListener open(FakeKubernetesCluster.ExecRequest request) {
                return new FakeProcess(request);
            }

            @Override
            public void podCreated(Pod pod) {
                files.put(pod.getMetadata().getName(), ConcurrentHashMap.newKeySet());
            }

            @Override
            public void podDeleted(String namespace, String name) {
                files.remove(name);
            }
        });
        client = cluster.client();
    }

    int podCreations() {
        return cluster.podCreations();
    }

    /** Off: created pods stay Pending until {@link #markReady}. */
    void autoReady(boolean on) {
        cluster.autoReady(on);
    }

    /** What the kubelet does once the container runs: phase Running, condition Ready=True. */
    void markReady(String name) {
        cluster.markReady(NAMESPACE, name);
    }

    List<ExecCall> execsOf(String program) {
        return execs.stream().filter(c -> c.program().equals(program)).toList();
    }

    List<List<String>> gitCalls() {
        return execsOf("git").stream().map(c -> c.argv().subList(1, c.argv().size())).toList();
    }

    @Override
    public void close() {
        cluster.close();
    }

    // ------------------------------------------------------------------------------------------------ exec

    /** One exec: parses the request, then plays the fake program over the channel protocol. */
    private final class FakeProcess extends WebSocketListener {
        private final String pod;
        private final String rawQuery;
        private final List<Map.Entry<String, String>> params = new ArrayList<>();
        private final List<String> command = new ArrayList<>();
        private final List<String> resizes = new CopyOnWriteArrayList<>();
        private final ByteArrayOutputStream pendingStdin = new ByteArrayOutputStream();
        private WebSocket ws;
        private String script = "";
        private String cwd;
        private List<String> argv;
        private final Map<String, String> env = new TreeMap<>();
        private boolean readingEnv;
        private int envFileBytes = -1;
        private String envFile;
        private Program program;
        private boolean exited;

        FakeProcess(FakeKubernetesCluster.ExecRequest request) {
            this.pod = request.pod();
            this.rawQuery = request.rawQuery();
            params.addAll(request.params());
            command.addAll(request.command());
        }

        @Override
        public synchronized void onOpen(WebSocket webSocket, Response response) {
            ws = webSocket;
            if (command.size() >= 4 && command.get(0).equals("sh") && command.get(1).equals("-c")
                    && command.get(3).equals(ExecArgv.SCRIPT_NAME)) {
                script = command.get(2);
                if (script.equals(ExecArgv.RUN_SCRIPT) || script.equals(ExecArgv.STREAM_SCRIPT)) {
                    cwd = command.get(4);
                    argv = List.copyOf(command.subList(5, command.size()));
                    readingEnv = true;
                } else if (script.equals(ExecArgv.TTY_SCRIPT)) {
                    cwd = command.get(4);
                    String file = command.get(5);
                    argv = List.copyOf(command.subList(6, command.size()));
                    env.put("TERM", "xterm-256color");
                    if (!file.isEmpty()) {
                        byte[] content = fileContents.remove(file);
                        if (content == null) {
                            throw new IllegalStateException("no env file " + file);
                        }
                        parseEnv(new String(content, StandardCharsets.UTF_8));
                    }
                } else if (script.equals(ExecArgv.ENV_FILE_SCRIPT)) {
                    envFile = command.get(4);
                    envFileBytes = Integer.parseInt(command.get(5));
                    argv = List.of("head", "-c", command.get(5));
                    record();
                    return;
                } else {
                    throw new IllegalStateException("unknown wrapper script " + script);
                }
            } else {
                cwd = "/";
                argv = List.copyOf(command);
            }
            if (!readingEnv) {
                launch();
            }
        }

        private void parseEnv(String lines) {
            for (String line : lines.split("\n")) {
                if (!line.isEmpty()) {
                    int eq = line.indexOf('=');
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }

        private void record() {
            execs.add(new ExecCall(pod, rawQuery, List.copyOf(params), List.copyOf(command), script, cwd, argv,
                    Map.copyOf(env), resizes));
        }

        private void launch() {
            record();
            program = programFor(argv.get(0));
            program.start(this, argv);
        }

        @Override
        public synchronized void onMessage(WebSocket webSocket, byte[] bytes) {
            if (bytes.length == 0) {
                return;
            }
            byte[] data = Arrays.copyOfRange(bytes, 1, bytes.length);
            switch (bytes[0]) {
                case 0 -> stdin(data);
                case 4 -> {
                    String json = new String(data, StandardCharsets.UTF_8);
                    resizes.add(json);
                    if (program != null) {
                        try {
                            JsonNode size = JSON.readTree(json);
                            program.resize(this, size.get("Width").asInt(), size.get("Height").asInt());
                        } catch (Exception e) {
                            err("bad resize " + json + "\n");
                        }
                    }
                }
                default -> throw new IllegalStateException("client sent channel " + bytes[0]);
            }
        }

        private void stdin(byte[] data) {
            if (envFileBytes >= 0) {
                pendingStdin.writeBytes(data);
                if (pendingStdin.size() >= envFileBytes) {
                    fileContents.put(envFile, Arrays.copyOf(pendingStdin.toByteArray(), envFileBytes));
                    envFileBytes = -1;
                    exit(0);
                }
                return;
            }
            if (readingEnv) {
                pendingStdin.writeBytes(data);
                byte[] all = pendingStdin.toByteArray();
                int start = 0;
                for (int i = 0; i < all.length; i++) {
                    if (all[i] == '\n') {
                        String line = new String(all, start, i - start, StandardCharsets.UTF_8);
                        start = i + 1;
                        if (line.isEmpty()) {
                            readingEnv = false;
                            pendingStdin.reset();
                            launch();
                            if (start < all.length && !script.equals(ExecArgv.RUN_SCRIPT)) {
                                program.stdin(this, Arrays.copyOfRange(all, start, all.length));
                            }
                            return;
                        }
                        parseEnv(line);
                    }
                }
                pendingStdin.reset();
                pendingStdin.write(all, start, all.length - start);
                return;
            }
            if (program != null && !script.equals(ExecArgv.RUN_SCRIPT)) {
                program.stdin(this, data);
            }
        }

        void out(String text) {
            send(1, text.getBytes(StandardCharsets.UTF_8));
        }

        void err(String text) {
            send(2, text.getBytes(StandardCharsets.UTF_8));
        }

        void send(int channel, byte[] data) {
            byte[] frame = new byte[data.length + 1];
            frame[0] = (byte) channel;
            System.arraycopy(data, 0, frame, 1, data.length);
            ws.send(frame);
        }

        void exit(int code) {
            if (exited) {
                return;
            }
            exited = true;
            String status = code == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
                    : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code\","
                            + "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\""
                            + code + "\"}]}}";
            send(3, status.getBytes(StandardCharsets.UTF_8));
            ws.close(1000, "");
        }

        Set<String> fs() {
            return files.computeIfAbsent(pod, p -> ConcurrentHashMap.newKeySet());
        }
    }

    // ------------------------------------------------------------------------------------------------ programs

    interface Program {
        void start(FakeProcess p, List<String> argv);

        default void stdin(FakeProcess p, byte[] data) {
        }

        default void resize(FakeProcess p, int cols, int rows) {
        }
    }

    private Program programFor(String name) {
        return switch (name) {
            case "test" -> (p, a) -> p.exit(a.size() == 3 && a.get(1).equals("-f") && p.fs().contains(a.get(2)) ? 0 : 1);
            case "rm" -> (p, a) -> {
                for (String path : operands(a)) {
                    p.fs().removeIf(f -> f.equals(path) || f.startsWith(path + "/"));
                }
                p.exit(0);
            };
            case "mkdir", "touch" -> (p, a) -> {
                p.fs().addAll(operands(a));
                p.exit(0);
            };
            case "mv" -> (p, a) -> {
                List<String> ops = operands(a);
                String from = ops.get(0);
                String to = ops.get(1);
                List<String> moved = p.fs().stream().filter(f -> f.equals(from) || f.startsWith(from + "/")).toList();
                moved.forEach(f -> {
                    p.fs().remove(f);
                    p.fs().add(to + f.substring(from.length()));
                });
                p.exit(moved.isEmpty() ? 1 : 0);
            };
            case "git" -> (p, a) -> {
                if (a.get(1).equals("check-ref-format")) {
                    String branch = a.get(a.size() - 1);
                    if (branch.contains("..")) {
                        p.exit(1);
                    } else {
                        p.out(branch + "\n");
                        p.exit(0);
                    }
                    return;
                }
                if (a.get(1).equals("init")) {
                    p.fs().add(a.get(a.size() - 1));
                } else if (a.get(1).equals("fetch") && fetchFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    p.err("fatal: unable to access 'https://example.invalid/': Could not resolve host\n");
                    p.exit(128);
                    return;
                }
                p.exit(0);
            };
            case "sh" -> (p, a) -> p.exit(0); // git config of the clone URL (reads it from the environment)
            case "fake" -> (p, a) -> {
                int code = 0;
                for (String directive : a.subList(1, a.size())) {
                    if (directive.startsWith("out:")) {
                        p.out(directive.substring(4));
                    } else if (directive.startsWith("err:")) {
                        p.err(directive.substring(4));
                    } else if (directive.startsWith("exit:")) {
                        code = Integer.parseInt(directive.substring(5));
                    }
                }
                p.exit(code);
            };
            case "env-dump" -> (p, a) -> {
                StringBuilder sb = new StringBuilder("cwd=" + p.cwd + "\n");
                p.env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
                p.out(sb.toString());
                p.exit(0);
            };
            case "flood" -> (p, a) -> {
                int chunks = Integer.parseInt(a.get(1));
                byte[] chunk = new byte[Integer.parseInt(a.get(2))];
                Arrays.fill(chunk, (byte) 'x');
                for (int i = 0; i < chunks; i++) {
                    p.send(1, chunk);
                }
                p.exit(0);
            };
            case "hang" -> (p, a) -> {
            };
            case "shell" -> new Program() {
                private final StringBuilder line = new StringBuilder();

                @Override
                public void start(FakeProcess p, List<String> argv) {
                    p.out("$ ");
                }

                @Override
                public void stdin(FakeProcess p, byte[] data) {
                    String text = new String(data, StandardCharsets.UTF_8);
                    p.out(text); // echo, as a terminal in canonical mode does
                    for (char c : text.toCharArray()) {
                        if (c == '\r' || c == '\n') {
                            String cmd = line.toString().trim();
                            line.setLength(0);
                            if (cmd.startsWith("exit ")) {
                                p.exit(Integer.parseInt(cmd.substring(5).trim()));
                                return;
                            }
                        } else if (c == 4 && line.isEmpty()) {
                            p.exit(0);
                            return;
                        } else {
                            line.append(c);
                        }
                    }
                }

                @Override
                public void resize(FakeProcess p, int cols, int rows) {
                    p.out("[size " + cols + "x" + rows + "]\r\n");
                }
            };
            default -> (p, a) -> {
                p.err("sh: 1: " + a.get(0) + ": not found\n");
                p.exit(127);
            };
        };
    }

    private static List<String> operands(List<String> argv) {
        int dashes = argv.indexOf("--");
        List<String> ops = dashes >= 0 ? argv.subList(dashes + 1, argv.size())
                : argv.subList(1, argv.size()).stream().filter(s -> !s.startsWith("-")).toList();
        return new ArrayList<>(ops);
    }

    static Map<String, String> linked(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
