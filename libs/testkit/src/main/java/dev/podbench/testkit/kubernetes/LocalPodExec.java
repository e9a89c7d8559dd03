package dev.podbench.testkit.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * Pods as local processes: an exec really runs the requested argv on this machine, so git, tmux, shells and the fake
 * agent work "inside the pod". Each pod gets its own file system where it matters: the workspace directory (the
 * runtime's {@code repositoryPath}/{@code worktreesPath} parent) is a private bind mount of the pod's own directory
 * ({@code unshare --mount}, so two pods never see each other's clone), and {@code /tmp}-like state ({@code TMPDIR},
 * tmux' socket directory) is per pod. The container's environment is its spec's {@code env} plus the keys of its
 * {@code envFrom} secrets (read from the API), as a kubelet would set them.
 *
 * <p>The channel protocol (v4/v5): first byte of each binary frame 0 stdin, 1 stdout, 2 stderr, 3 status (a
 * {@code Status} JSON, with the exit code as a {@code ExitCode} cause), 4 resize ({@code {"Width":W,"Height":H}}),
 * 255 close (v5: {@code [255, 0]} closes stdin). With {@code tty=true} the argv runs on a pty4j PTY (stdout and stderr
 * merged on channel 1, resize applied to it, so the program gets SIGWINCH). Closing the WebSocket hangs a TTY up and
 * closes a plain process' stdin, as a kubelet does.
 */
public final class LocalPodExec implements FakeKubernetesCluster.ExecHandler {

    private static final Pattern SIZE = Pattern.compile("\"Width\"\\s*:\\s*(\\d+).*\"Height\"\\s*:\\s*(\\d+)",
            Pattern.DOTALL);
    private static final String MOUNT_SCRIPT = "mount --bind -- \"$1\" \"$2\" || exit 125; shift 2; exec \"$@\"";

    private final Path root;
    private final Path workspace;
    private final Map<String, String> imageEnv;
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private volatile KubernetesClient client;

    /**
     * @param root      where the pods' directories are kept (one sub-directory per pod)
     * @param workspace the directory every pod sees as its own (the common parent of the runtime's repository and
     *                  worktrees paths); created if missing
     * @param imageEnv  environment every container has, as an image's {@code ENV} would give it
     */
    public LocalPodExec(Path root, Path workspace, Map<String, String> imageEnv) {
        this.root = root;
        this.workspace = workspace;
        this.imageEnv = Map.copyOf(imageEnv);
        try {
            Files.createDirectories(workspace);
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster whose secrets {@code envFrom} reads. */
    public void attach(KubernetesClient client) {
        this.client = client;
    }

    /** Where the pod's file at {@code podPath} (under the workspace directory) is on this machine. */
    public Path hostPath(String pod, String podPath) {
        return hostPath(root.toString(), workspace.toString(), pod, podPath);
    }

    /**
     * Where a pod's file is on this machine, from the {@link KubernetesTestResource#PODS_ROOT} and
     * {@link KubernetesTestResource#WORKSPACE} config values.
     */
    public static Path hostPath(String podsRoot, String workspace, String pod, String podPath) {
        Path inPod = Path.of(podPath);
        Path ws = Path.of(workspace);
        if (!inPod.startsWith(ws)) {
            throw new IllegalArgumentException(podPath + " is not under the pods' workspace " + workspace);
        }
        return Path.of(podsRoot, pod, "workspace").resolve(ws.relativize(inPod));
    }

    /** The pod's workspace directory on this machine. */
    public Path podDir(String pod) {
        return root.resolve(pod).resolve("workspace");
    }

    /** Stops every pod's processes, including tmux servers that outlived their exec. */
    public void close() {
        pods.keySet().forEach(name -> podDeleted(null, name));
    }

    private Path podTmp(String pod) {
        return root.resolve(pod).resolve("tmp");
    }

    /** Processes still running in the pod. */
    public long running(String pod) {
        return running.stream().filter(r -> r.pod.equals(pod)).count();
    }

    @Override
    public void podCreated(Pod pod) {
        String name = pod.getMetadata().getName();
        pods.put(name, pod);
        try {
            Files.createDirectories(podDir(name));
            Files.createDirectories(podTmp(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void podDeleted(String namespace, String name) {
        pods.remove(name);
        running.stream().filter(r -> r.pod.equals(name)).forEach(Running::kill);
        killTmuxServer(name);
        // an emptyDir goes with its pod
        deleteTree(root.resolve(name));
    }

    @Override
    public WebSocketListener open(FakeKubernetesCluster.ExecRequest request) {
        return new Running(request);
    }

    private Map<String, String> containerEnv(String podName) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", podTmp(podName).toString());
        env.put("LANG", "C.UTF-8");
        env.put("HOSTNAME", podName);
        env.put("TMPDIR", podTmp(podName).toString());
        env.put("TMUX_TMPDIR", podTmp(podName).toString());
        // the image trusts the certificate authorities this machine's git trusts (a test git server's, say)
        String caInfo = System.getenv("GIT_SSL_CAINFO");
        if (caInfo != null) {
            env.put("GIT_SSL_CAINFO", caInfo);
        }
        env.putAll(imageEnv);
        Pod pod = pods.get(podName);
        if (pod != null && !pod.getSpec().getContainers().isEmpty()) {
            Container container = pod.getSpec().getContainers().get(0);
            for (EnvFromSource from : container.getEnvFrom()) {
                if (from.getSecretRef() != null && client != null) {
                    Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace())
                            .withName(from.getSecretRef().getName()).get();
                    if (secret != null) {
                        if (secret.getData() != null) {
                            secret.getData().forEach((k, v) -> env.put(k, new String(
                                    java.util.Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                        }
                        if (secret.getStringData() != null) {
                            env.putAll(secret.getStringData());
                        }
                    }
                }
            }
            for (EnvVar var : container.getEnv()) {
                if (var.getValue() != null) {
                    env.put(var.getName(), var.getValue());
                }
            }
        }
        return env;
    }

    /** A tmux server daemonizes away from its exec; the pod's end stops it, as a container's end would. */
    private void killTmuxServer(String pod) {
        try {
            ProcessBuilder kill = new ProcessBuilder("tmux", "kill-server").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            kill.environment().put("TMUX_TMPDIR", podTmp(pod).toString());
            kill.start().waitFor();
        } catch (IOException e) {
            // no tmux on this machine: nothing to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a test's temp directory
        }
    }

    /** One exec: a local process wired to the channel protocol. */
    private final class Running extends WebSocketListener {
        private final FakeKubernetesCluster.ExecRequest request;
        private final String pod;
        private final boolean tty;
        private volatile WebSocket ws;
        private volatile Process process;
        private volatile OutputStream stdin;
        private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-pod-exec");
            t.setDaemon(true);
            return t;
        });

        Running(FakeKubernetesCluster.ExecRequest request) {
            this.request = request;
            this.pod = request.pod();
            this.tty = request.flag("tty");
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            ws = webSocket;
            // off the API server's event loop: spawning a process can take a while on a loaded machine
            inOrder(this::launch);
        }

        private void launch() {
            if (!pods.containsKey(pod)) {
                status(1, "pods \"" + pod + "\" not found");
                return;
            }
            List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--", "sh", "-c", MOUNT_SCRIPT,
                    "pod-init", podDir(pod).toString(), workspace.toString()));
            argv.addAll(request.command());
            Map<String, String> env = containerEnv(pod);
            try {
                if (tty) {
                    PtyProcess pty = new PtyProcessBuilder(argv.toArray(String[]::new)).setEnvironment(env)
                            .setDirectory("/").setInitialColumns(80).setInitialRows(24).setConsole(false).start();
                    process = pty;
                } else {
                    ProcessBuilder builder = new ProcessBuilder(argv).directory(Path.of("/").toFile());
                    builder.environment().clear();
                    builder.environment().putAll(env);
                    process = builder.start();
                }
            } catch (IOException e) {
                status(1, "exec failed: " + e.getMessage());
                return;
            }
            running.add(this);
            stdin = process.getOutputStream();
            Thread out = pump(process.getInputStream(), 1, "stdout");
            Thread err = tty ? null : pump(process.getErrorStream(), 2, "stderr");
            daemon("fake-pod-exit-" + pod, () -> {
                try {
                    int code = process.waitFor();
                    out.join(5000);
                    if (err != null) {
                        err.join(5000);
                    }
                    running.remove(this);
                    exit(code);
                    io.shutdown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        private Thread pump(InputStream in, int channel, String what) {
            return daemon("fake-pod-" + what + "-" + pod, () -> {
                byte[] buffer = new byte[8192];
                try {
                    int n;
                    // once nobody listens, the output is no longer read: a writer blocks, as on a real node
                    while ((n = in.read(buffer)) > 0 && send(channel, Arrays.copyOf(buffer, n))) {
                    }
                } catch (IOException e) {
                    // the process is gone (a PTY read fails with EIO at the end)
                }
            });
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            if (bytes.length > 0) {
                inOrder(() -> channel(bytes));
            }
        }

        /** Start, stdin, resize and hang-up run one after the other on this exec's own thread. */
        private void inOrder(Runnable task) {
            try {
                io.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the process has exited: nothing left to deliver
            }
        }

        private void channel(byte[] bytes) {
            byte[] data = Arrays.copyOfRange(bytes, 1, bytes.length);
            try {
                switch (bytes[0]) {
                    case 0 -> {
                        if (stdin != null) {
                            stdin.write(data);
                            stdin.flush();
                        }
                    }
                    case 4 -> resize(new String(data, StandardCharsets.UTF_8));
                    case (byte) 255 -> {
                        if (data.length > 0 && data[0] == 0 && stdin != null) {
                            stdin.close();
                        }
                    }
                    default -> {
                    }
                }
            } catch (IOException e) {
                // stdin of a process that has exited
            }
        }

        private void resize(String json) {
            Matcher size = SIZE.matcher(json);
            if (size.find() && process instanceof PtyProcess pty) {
                pty.setWinSize(new WinSize(Integer.parseInt(size.group(1)), Integer.parseInt(size.group(2))));
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            inOrder(this::hangUp);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            inOrder(this::hangUp);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            inOrder(this::hangUp);
        }

        /**
         * The client went away. As with a kubelet: a TTY is hung up (the process and its group are gone); a process
         * without one only loses its stdin and runs on until it notices (pod deletion stops it for good).
         */
        private void hangUp() {
            if (tty) {
                kill();
                return;
            }
            OutputStream in = stdin;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }

        void kill() {
            Process p = process;
            if (p != null && p.isAlive()) {
                // pty4j's process has no ProcessHandle of its own: look it up by pid
                ProcessHandle.of(p.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
                p.destroyForcibly();
            }
        }

        private synchronized boolean send(int channel, byte[] data) {
            byte[] frame = new byte[data.length + 1];
            frame[0] = (byte) channel;
            System.arraycopy(data, 0, frame, 1, data.length);
            return ws.send(frame);
        }

        private void exit(int code) {
            if (code == 0) {
                send(3, "{\"metadata\":{},\"status\":\"Success\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                send(3, ("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero "
                        + "exit code: exit status " + code + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":"
                        + "[{\"reason\":\"ExitCode\",\"message\":\"" + code + "\"}]}}").getBytes(StandardCharsets.UTF_8));
            }
            ws.close(1000, "");
        }

        private void status(int code, String message) {
            io.shutdown();
            send(3, ("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + message.replace("\"", "'")
                    + "\",\"reason\":\"InternalError\"}").getBytes(StandardCharsets.UTF_8));
            ws.close(1000, "");
        }
    }
}
